/** Cards built for the format tests: every field set, so a round trip that drops one is caught. */
import sharp from "sharp";
import type { TCharacterCardV3 } from "@/lib/character-card/card-schema";

export function fullCard(): TCharacterCardV3 {
  return {
    spec: "chara_card_v3",
    spec_version: "3.0",
    data: {
      name: "Seraphina",
      nickname: "Sera",
      description: "A guardian of the forest glade. Ünïcödé & emoji 🌲.",
      personality: "Kind, protective, curious.",
      scenario: "{{user}} wakes in {{char}}'s glade.",
      first_mes: "*Seraphina smiles.* You're awake, {{user}}.",
      mes_example: "<START>\n{{user}}: Who are you?\n{{char}}: A friend.",
      system_prompt: "You are {{char}}.",
      post_history_instructions: "Stay in character.",
      alternate_greetings: ["Hello again.", "*She waves.*"],
      group_only_greetings: ["Welcome, everyone."],
      creator_notes: "Best with a warm model.",
      creator_notes_multilingual: { en: "Best with a warm model.", fr: "Idéal avec un modèle chaleureux." },
      tags: ["fantasy", "guardian"],
      creator: "coterie-tests",
      character_version: "1.2",
      source: ["https://example.org/cards/seraphina"],
      creation_date: 1_700_000_000,
      modification_date: 1_700_100_000,
      extensions: { depth_prompt: { prompt: "Be gentle.", depth: 4 }, custom_app: { anything: [1, 2, { deep: true }] } },
      assets: [{ type: "icon", uri: "embeded://assets/icon/images/main.png", name: "main", ext: "png" }],
      character_book: {
        name: "Glade lore",
        scan_depth: 4,
        token_budget: 512,
        recursive_scanning: true,
        extensions: { source_app: "tests" },
        entries: [
          {
            keys: ["glade", "forest"],
            content: "The glade is hidden by old magic.",
            extensions: { weight: 3 },
            enabled: true,
            insertion_order: 10,
            case_sensitive: false,
            use_regex: false,
            constant: false,
            name: "Glade",
            priority: 5,
            id: "1",
            comment: "Core location",
            selective: true,
            secondary_keys: ["magic"],
            position: "before_char",
          },
          {
            keys: ["/drag(on|ons)/i"],
            content: "Dragons avoid the glade.",
            extensions: {},
            enabled: false,
            insertion_order: 20,
            use_regex: true,
          },
        ],
      },
    },
  };
}

export function pngPicture(width = 64, height = 96): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 90, g: 60, b: 200, alpha: 1 } } }).png().toBuffer();
}
