import { describe, expect, it } from "vitest";
import { fragmentParam, inviteLink, passwordResetLink } from "./one-time-links";

describe("one-time links", () => {
  const token = "Uq7bH0m2zCkS4Jt9xYwR1eNvPa6LdGfQoI3sT8u5VcE";

  it("carry the token in the fragment, which the page reads back", () => {
    const invite = new URL(inviteLink("https://coterie.example", token));
    expect(invite.pathname).toBe("/sign-up");
    expect(invite.search).toBe("");
    expect(fragmentParam(invite.hash, "invite")).toBe(token);
    const reset = new URL(passwordResetLink("http://192.168.1.5:3000", token));
    expect(`${reset.origin}${reset.pathname}`).toBe("http://192.168.1.5:3000/reset-password");
    expect(fragmentParam(reset.hash, "token")).toBe(token);
  });

  it("read nothing from an empty or unrelated fragment", () => {
    expect(fragmentParam("", "invite")).toBeNull();
    expect(fragmentParam("#top", "invite")).toBeNull();
    expect(fragmentParam("#token=abc", "invite")).toBeNull();
  });
});
