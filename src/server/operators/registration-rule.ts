/**
 * Whether a new account may be created, as a pure function of the registration mode, whether any account exists
 * yet, and the invite presented (if any). Password sign-up, a provider's first sign-in and the sign-up page all
 * ask this one rule.
 */
import type { TRegistrationMode } from "@/lib/operators/registration-mode";
import type { TInviteState } from "./invites";

export type TRegistrationRefusal = {
  reason: "closed" | "invite-required" | "invite-unusable";
  message: string;
};

export type TRegistrationFacts = {
  mode: TRegistrationMode;
  /** No account exists yet: this one will be the administrator, whatever the mode. */
  firstAccount: boolean;
  /** The state of the invite the newcomer brought, or null without one. */
  invite: TInviteState | null;
};

const INVITE_REFUSALS: Record<Exclude<TInviteState, "valid">, string> = {
  used: "This invite link has already been used. Ask for a new one.",
  expired: "This invite link has expired. Ask for a new one.",
  revoked: "This invite link was withdrawn. Ask for a new one.",
  unknown: "This invite link is not valid. Check that you copied all of it.",
};

export function registrationRefusal({ mode, firstAccount, invite }: TRegistrationFacts): TRegistrationRefusal | null {
  // Someone has to be able to create the administrator; until then the instance has nobody to lock out.
  if (firstAccount) return null;
  if (mode === "closed") return { reason: "closed", message: "This Coterie is not accepting new accounts." };
  // A link someone followed must do what it says or say why not, in every mode: a spent invite is never silently ignored.
  if (invite !== null && invite !== "valid") return { reason: "invite-unusable", message: INVITE_REFUSALS[invite] };
  if (mode === "invite" && invite === null) {
    return { reason: "invite-required", message: "New accounts need an invite link. Ask the administrator of this Coterie for one." };
  }
  return null;
}
