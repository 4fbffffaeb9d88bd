/**
 * Whether a request comes from Coterie's own pages. Browsers send Sec-Fetch-Site on every request (modern ones)
 * and Origin on POSTs; either one is enough to tell. Requests with neither come from non-browser clients, which
 * carry no ambient cookies to abuse.
 */
type THeaderSource = { get: (name: string) => string | null };

export function isSameOriginRequest(headers: THeaderSource, trustProxy: boolean): boolean {
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite) return fetchSite === "same-origin" || fetchSite === "none";
  const origin = headers.get("origin");
  if (!origin) return true;
  const host = (trustProxy ? headers.get("x-forwarded-host") : null) ?? headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
