/**
 * Where to send someone after they sign in, from a `next` that came in the URL and so may have been written by
 * anyone. Only a path on this site comes back; everything else becomes "/". Browsers forgive a lot when they
 * resolve a URL (a backslash counts as a slash, tabs and newlines are dropped), so `/\evil.example` and
 * `/<tab>/evil.example` would reach another host: the path is resolved the way a browser would and must stay on
 * this origin, and no backslash or control character passes at all, encoded or not.
 */
const PROBE_ORIGIN = "https://coterie.invalid";
const MAX_LENGTH = 2000;

function hasForbiddenCharacters(text: string): boolean {
  // Backslashes, ASCII control characters (tab, newline, NUL…), and DEL.
  return /[\\\u0000-\u001f\u007f]/.test(text);
}

function decodedOnce(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

export function safeNextPath(next: string | null | undefined): string {
  if (!next || next.length > MAX_LENGTH || !next.startsWith("/")) return "/";
  const decoded = decodedOnce(next);
  // Encoded too: a `next` passed through one more redirect or router gets decoded once more on the way.
  if (decoded === null || hasForbiddenCharacters(next) || hasForbiddenCharacters(decoded)) return "/";
  if (next.startsWith("//") || decoded.startsWith("//")) return "/";
  let resolved: URL;
  try {
    resolved = new URL(next, PROBE_ORIGIN);
  } catch {
    return "/";
  }
  // Dot segments can collapse into a leading "//" ("/..//evil.example"): what comes back must itself be safe.
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  if (resolved.origin !== PROBE_ORIGIN || path.startsWith("//")) return "/";
  return path;
}
