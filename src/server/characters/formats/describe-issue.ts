/**
 * A schema refusal as a sentence a person can act on ("The card's tags should be a list."), instead of zod's
 * "Invalid input: expected array, received object" behind a dotted path.
 */
import type { z } from "zod";

const FIELD_NAMES: Record<string, string> = {
  first_mes: "first message",
  mes_example: "example dialogue",
  character_version: "version",
  character_book: "lorebook",
  post_history_instructions: "post-history instructions",
  creator_notes_multilingual: "creator notes by language",
  insertion_order: "insertion order",
  secondary_keys: "secondary keys",
  use_regex: "regular-expression setting",
  case_sensitive: "case-sensitivity setting",
  scan_depth: "scan depth",
  token_budget: "token budget",
};

const EXPECTED: Record<string, string> = {
  string: "text",
  array: "a list",
  number: "a number",
  boolean: "true or false",
  object: "a set of named values",
  record: "a set of named values",
};

const fieldName = (part: PropertyKey) => FIELD_NAMES[String(part)] ?? String(part).replace(/_/g, " ");

/** ["character_book", "entries", 2, "content"] → "lorebook entry 3's content"; ["tags", 0] → "tag 1". */
function describePath(path: readonly PropertyKey[]): string {
  const words: string[] = [];
  for (const part of path) {
    if (typeof part === "number") {
      const list = words.pop() ?? "item";
      const singular = list === "entries" ? "entry" : list.replace(/s$/, "");
      words.push(`${singular} ${part + 1}`);
    } else {
      words.push(fieldName(part));
    }
  }
  return words.join("'s ");
}

/** `subject` is what holds the fields ("card", "lorebook"); a message written for people is kept as it is. */
export function describeIssue(issue: z.core.$ZodIssue | undefined, subject: "card" | "lorebook"): string {
  if (!issue) return `The ${subject} is not valid.`;
  // Messages the schema wrote for people end with a full stop; zod's own do not.
  if (issue.message.endsWith(".")) return issue.message;
  const field = describePath(issue.path);
  const owner = field ? `The ${subject}'s ${field}` : `The ${subject}`;
  switch (issue.code) {
    case "invalid_type":
      if (issue.message.endsWith("received undefined")) return field ? `The ${subject} has no ${field}.` : `The ${subject} is empty.`;
      return `${owner} should be ${EXPECTED[issue.expected] ?? issue.expected}.`;
    case "too_big":
      return issue.origin === "string"
        ? `${owner} is too long: at most ${Number(issue.maximum).toLocaleString("en")} characters.`
        : `${owner} has too many items: at most ${Number(issue.maximum).toLocaleString("en")}.`;
    case "too_small":
      return `${owner} is empty.`;
    case "invalid_value":
      return `${owner} is not one of the allowed values.`;
    default:
      return `${owner} is not valid.`;
  }
}
