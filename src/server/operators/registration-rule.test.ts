import { describe, expect, it } from "vitest";
import { REGISTRATION_MODES } from "@/lib/operators/registration-mode";
import { registrationRefusal } from "./registration-rule";

const reason = (...args: Parameters<typeof registrationRefusal>) => registrationRefusal(...args)?.reason ?? null;

describe("registration rule", () => {
  it("always lets the first account in, whatever the mode or invite", () => {
    for (const mode of REGISTRATION_MODES) {
      for (const invite of [null, "valid", "used", "expired", "revoked", "unknown"] as const) {
        expect(reason({ mode, firstAccount: true, invite })).toBeNull();
      }
    }
  });

  it("open: anyone, with or without a valid invite", () => {
    expect(reason({ mode: "open", firstAccount: false, invite: null })).toBeNull();
    expect(reason({ mode: "open", firstAccount: false, invite: "valid" })).toBeNull();
  });

  it("invite: only with a valid invite", () => {
    expect(reason({ mode: "invite", firstAccount: false, invite: "valid" })).toBeNull();
    expect(registrationRefusal({ mode: "invite", firstAccount: false, invite: null })).toEqual({
      reason: "invite-required",
      message: "New accounts need an invite link. Ask the administrator of this Coterie for one.",
    });
  });

  it("closed: nobody, not even with an invite", () => {
    expect(reason({ mode: "closed", firstAccount: false, invite: null })).toBe("closed");
    expect(reason({ mode: "closed", firstAccount: false, invite: "valid" })).toBe("closed");
  });

  it("refuses a spent, expired, withdrawn or unknown invite in every mode that takes invites, saying which", () => {
    for (const mode of ["open", "invite"] as const) {
      expect(registrationRefusal({ mode, firstAccount: false, invite: "used" })?.message).toMatch(/already been used/);
      expect(registrationRefusal({ mode, firstAccount: false, invite: "expired" })?.message).toMatch(/expired/);
      expect(registrationRefusal({ mode, firstAccount: false, invite: "revoked" })?.message).toMatch(/withdrawn/);
      expect(registrationRefusal({ mode, firstAccount: false, invite: "unknown" })?.message).toMatch(/not valid/);
    }
  });
});
