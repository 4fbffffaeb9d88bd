/**
 * The macros character cards are written with, as SillyTavern popularised them: {{char}}, {{user}} (and the
 * old <BOT>/<USER> forms), dates and times, {{random:…}}, {{roll:…}}, {{newline}} and {{// comments}}.
 * Unknown macros are left as they are, so text that merely looks like one survives. The prompt builder expands
 * them all; the chat page, which shows messages as they were written, fills in only the names (withNames).
 */
export type TMacroContext = {
  /** The character's name as the prompt should say it (the CCv3 nickname when there is one). */
  char: string;
  user: string;
  now: Date;
  /** Randomness is injectable so prompts can be reproduced in tests. */
  random?: () => number;
};

export type TMacroNames = Pick<TMacroContext, "char" | "user">;

/** What {{user}} stands for when the person chose no persona (and, in a room, has no name either). */
export const DEFAULT_USER_NAME = "User";

/**
 * What {{char}} and {{user}} stand for: the character's nickname or name, and the persona's name — or, without a
 * persona, the name the person goes by where they are (their name in a room).
 */
export function macroNamesOf(character: { name: string; nickname: string | null }, persona: { name: string } | null, personName?: string): TMacroNames {
  return { char: character.nickname ?? character.name, user: persona?.name ?? personName ?? DEFAULT_USER_NAME };
}

const DICE = /^(\d{0,3})d(\d{1,4})([+-]\d{1,5})?$/i;

function roll(spec: string, random: () => number): string | null {
  const match = DICE.exec(spec.trim());
  if (!match) return /^\d{1,6}$/.test(spec.trim()) ? String(1 + Math.floor(random() * Number(spec))) : null;
  // "d6" means one die: an empty count is 1.
  const count = Math.min(match[1] ? Number(match[1]) : 1, 100);
  const sides = Number(match[2]);
  if (sides < 1) return null;
  let total = Number(match[3] ?? 0);
  for (let die = 0; die < count; die++) total += 1 + Math.floor(random() * sides);
  return String(total);
}

const MACRO_HINT = /\{\{|<(?:BOT|CHAR|USER)>/i;
const OLD_CHAR = /<(?:BOT|CHAR)>/gi;
const OLD_USER = /<USER>/gi;
const NAME_MACRO = /\{\{\s*(char|user)\s*\}\}/gi;

/** Only {{char}} and {{user}} (and their old forms) filled in: how the chat page shows a stored message. */
export function withNames(text: string, names: TMacroNames): string {
  if (!MACRO_HINT.test(text)) return text;
  return text
    .replace(OLD_CHAR, names.char)
    .replace(OLD_USER, names.user)
    .replace(NAME_MACRO, (_whole, name: string) => (name.toLowerCase() === "char" ? names.char : names.user));
}

export function substituteMacros(text: string, context: TMacroContext): string {
  // Most history messages hold no macro at all: skip the work (Intl date formatting is not cheap).
  if (!MACRO_HINT.test(text)) return text;
  const random = context.random ?? Math.random;
  return text
    .replace(OLD_CHAR, context.char)
    .replace(OLD_USER, context.user)
    .replace(/\{\{([^{}]*)\}\}/g, (whole, body: string) => {
      const separatorAt = body.indexOf(":");
      const name = separatorAt < 0 ? body : body.slice(0, separatorAt);
      const argument = separatorAt < 0 ? "" : body.slice(separatorAt + 1);
      switch (name.trim().toLowerCase()) {
        case "char":
          return context.char;
        case "user":
          return context.user;
        case "time":
          return context.now.toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit" });
        case "date":
          return context.now.toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric" });
        case "weekday":
          return context.now.toLocaleDateString("en-US", { weekday: "long" });
        case "isotime":
          return context.now.toISOString().slice(11, 16);
        case "isodate":
          return context.now.toISOString().slice(0, 10);
        case "newline":
          return "\n";
        case "trim":
          return "";
        case "random": {
          // {{random::a::b}} allows commas inside options; {{random:a,b}} is the short form.
          const options = argument.startsWith(":") ? argument.slice(1).split("::") : argument.split(",");
          return options[Math.floor(random() * options.length)]?.trim() ?? "";
        }
        case "roll":
          return roll(argument, random) ?? whole;
        default:
          // {{// a note to the card's reader}} is a comment and vanishes.
          return body.trimStart().startsWith("//") ? "" : whole;
      }
    });
}
