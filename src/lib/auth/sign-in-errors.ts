/**
 * What a failed provider sign-in means, for the person on the sign-in page. Auth.js's own codes come back as
 * `?error=…`, and so do Coterie's, which the server picks when its rules refuse a sign-in (see
 * server/auth/oauth-sign-in.ts).
 */
export const COTERIE_SIGN_IN_ERRORS = {
  AccountDisabled: "This account has been disabled by the administrator.",
  InviteRequired: "No Coterie account uses that sign-in yet, and new accounts need an invite link. Ask the administrator for one.",
  InviteUnusable: "That invite link has been used, has expired or was withdrawn. Ask the administrator for a new one.",
  RegistrationClosed: "No Coterie account uses that sign-in yet, and this Coterie is not accepting new accounts.",
} as const;

export type TCoterieSignInError = keyof typeof COTERIE_SIGN_IN_ERRORS;

export const SIGN_IN_ERROR_MESSAGES: Record<string, string> = {
  ...COTERIE_SIGN_IN_ERRORS,
  OAuthAccountNotLinked:
    "That account's e-mail belongs to an existing Coterie account. Sign in to it first, then link this provider in settings.",
  AccessDenied: "Sign-in was cancelled or refused.",
  Configuration: "This sign-in provider is not set up correctly on the server.",
};

export function signInErrorMessage(code: string | null): string | null {
  if (!code) return null;
  return SIGN_IN_ERROR_MESSAGES[code] ?? "Signing in with that provider did not work. Please try again.";
}
