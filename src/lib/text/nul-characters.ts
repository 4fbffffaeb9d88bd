/**
 * PostgreSQL text cannot hold U+0000: a NUL anywhere in a value makes the whole query fail. Inputs are checked for
 * it once, at the edge (tRPC and the JSON route handlers), so a person gets a clear refusal instead of an internal
 * error; files imported from elsewhere have their NULs removed instead (importing must not fail for them).
 */
export const NUL_REFUSAL = "Text cannot contain NUL characters (U+0000).";

/**
 * Looks through strings, arrays and plain objects (keys too), without recursion (deep nesting is no problem); the
 * work is linear in the input, which the request body caps bound.
 */
export function containsNulCharacter(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === "string") {
      if (next.includes("\u0000")) return true;
    } else if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
    } else if (next !== null && typeof next === "object" && !(next instanceof Date)) {
      for (const [key, item] of Object.entries(next)) pending.push(key, item);
    }
  }
  return false;
}

export function withoutNulCharacters(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "") : text;
}

/** A parsed JSON value with the NULs removed from every string in it, keys included. */
export function withoutNulCharactersDeep(value: unknown): unknown {
  if (typeof value === "string") return withoutNulCharacters(value);
  if (Array.isArray(value)) return value.map(withoutNulCharactersDeep);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [withoutNulCharacters(key), withoutNulCharactersDeep(item)]));
  }
  return value;
}
