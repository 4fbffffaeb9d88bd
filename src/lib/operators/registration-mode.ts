/** Who may create an account. Shared by the server, which enforces it, and the admin page, which sets it. */
import { z } from "zod";

export const REGISTRATION_MODES = ["open", "invite", "closed"] as const;
export const ZRegistrationMode = z.enum(REGISTRATION_MODES);
export type TRegistrationMode = z.infer<typeof ZRegistrationMode>;

/** From the first account (the administrator) on, unless the administrator or the configuration says otherwise. */
export const DEFAULT_REGISTRATION_MODE: TRegistrationMode = "invite";

export const REGISTRATION_MODE_DESCRIPTIONS: Record<TRegistrationMode, string> = {
  open: "Anyone who reaches this server can create an account.",
  invite: "New people need an invite link from an administrator.",
  closed: "Nobody can create an account, even with an invite link.",
};
