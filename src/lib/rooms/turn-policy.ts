/**
 * Which characters speak after a message, and in what order. Pure: the host's arbiter asks, and applies the
 * answer one turn at a time (it may re-plan when people write again).
 *
 * - natural: characters named in the message answer first, in the order they were named; each other character
 *   then joins with a chance equal to its talkativeness; if nobody would, one is picked at random, so a message
 *   is never met with silence.
 * - round-robin: every character once, in join order, starting after the one that spoke last.
 * - manual: nobody, until the host lets someone speak.
 *
 * In every policy a character never answers its own message, and muted or disconnected characters are skipped.
 */
export const TURN_POLICIES = ["natural", "round_robin", "manual"] as const;
export type TTurnPolicy = (typeof TURN_POLICIES)[number];

export const TURN_POLICY_LABELS: Record<TTurnPolicy, string> = {
  natural: "Natural (mentions and talkativeness)",
  round_robin: "Round-robin",
  manual: "Manual (the host picks)",
};

export type TTurnCandidate = {
  participantId: string;
  characterName: string;
  /** 0–1: the chance of speaking up unprompted under the natural policy. */
  talkativeness: number;
  eligible: boolean;
};

export type TTurnContext = {
  /** In join order. */
  candidates: TTurnCandidate[];
  /** The message being answered. */
  text: string;
  /** The character that wrote it, when a character did. */
  characterAuthorId: string | null;
  /** The character that spoke last in the room, for round-robin's rotation. */
  lastCharacterSpeakerId: string | null;
  random: () => number;
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Where the character's name first appears as a whole word, case-insensitively; -1 if it does not. */
export function mentionIndex(text: string, name: string): number {
  const trimmed = name.trim();
  if (!trimmed) return -1;
  const match = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(trimmed)}(?![\\p{L}\\p{N}])`, "iu").exec(text);
  return match ? match.index : -1;
}

/** Characters named in the text, in the order they are named. */
export function mentionedCandidates(context: Pick<TTurnContext, "candidates" | "text" | "characterAuthorId">): TTurnCandidate[] {
  return context.candidates
    .filter((candidate) => candidate.eligible && candidate.participantId !== context.characterAuthorId)
    .map((candidate) => ({ candidate, index: mentionIndex(context.text, candidate.characterName) }))
    .filter(({ index }) => index >= 0)
    .sort((a, b) => a.index - b.index)
    .map(({ candidate }) => candidate);
}

function naturalOrder(context: TTurnContext): string[] {
  const mentioned = mentionedCandidates(context);
  const chosen = mentioned.map((candidate) => candidate.participantId);
  const others = context.candidates.filter((candidate) => candidate.eligible && candidate.participantId !== context.characterAuthorId && !chosen.includes(candidate.participantId));
  for (const candidate of shuffled(others, context.random)) {
    if (context.random() < candidate.talkativeness) chosen.push(candidate.participantId);
  }
  if (chosen.length === 0 && others.length > 0) {
    const picked = others[Math.floor(context.random() * others.length)] ?? others[0];
    if (picked) chosen.push(picked.participantId);
  }
  return chosen;
}

function roundRobinOrder(context: TTurnContext): string[] {
  const ids = context.candidates.map((candidate) => candidate.participantId);
  const start = context.lastCharacterSpeakerId ? ids.indexOf(context.lastCharacterSpeakerId) + 1 : 0;
  const rotated = [...context.candidates.slice(start), ...context.candidates.slice(0, start)];
  return rotated.filter((candidate) => candidate.eligible && candidate.participantId !== context.characterAuthorId).map((candidate) => candidate.participantId);
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

/** The characters to answer a person's message, in order (the arbiter applies the cap). */
export function planTurns(policy: TTurnPolicy, context: TTurnContext): string[] {
  switch (policy) {
    case "natural":
      return naturalOrder(context);
    case "round_robin":
      return roundRobinOrder(context);
    case "manual":
      return [];
  }
}
