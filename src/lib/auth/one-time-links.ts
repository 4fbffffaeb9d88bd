/**
 * The links an administrator hands out: an invite (`/sign-up#invite=…`) and a password reset
 * (`/reset-password#token=…`). The token rides in the fragment, which browsers never send to a server: it stays
 * out of access logs, proxies and Referer headers, and only the page it opens reads it.
 */
export function inviteLink(origin: string, token: string): string {
  return `${origin}/sign-up#${new URLSearchParams({ invite: token })}`;
}

export function passwordResetLink(origin: string, token: string): string {
  return `${origin}/reset-password#${new URLSearchParams({ token })}`;
}

/** A value from a `#name=value&…` fragment, or null. */
export function fragmentParam(hash: string, name: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, "")).get(name);
}
