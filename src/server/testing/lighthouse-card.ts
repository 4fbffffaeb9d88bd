/** The card the chat tests use (integration and e2e): Iris, two greetings, one lorebook entry on "lighthouse". */
export const LORE_KEYWORD = "lighthouse";
export const LORE_CONTENT = "LORE: The lighthouse keeper is called Mara.";

export function lighthouseCardJson(): string {
  return JSON.stringify({
    spec: "chara_card_v3",
    spec_version: "3.0",
    data: {
      name: "Iris",
      description: "{{char}} is a sailor who knows every harbour.",
      personality: "Warm and direct.",
      scenario: "{{char}} meets {{user}} on a pier.",
      first_mes: "Ahoy, {{user}}!",
      alternate_greetings: ["Fair winds, {{user}}."],
      mes_example: "",
      system_prompt: "",
      post_history_instructions: "",
      creator_notes: "",
      tags: [],
      creator: "tests",
      character_version: "1",
      group_only_greetings: [],
      extensions: {},
      character_book: {
        scan_depth: 2,
        extensions: {},
        entries: [{ keys: [LORE_KEYWORD], content: LORE_CONTENT, extensions: {}, enabled: true, insertion_order: 1, use_regex: false }],
      },
    },
  });
}
