import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashBearerToken, newBearerToken, ZBearerToken } from "./bearer-token";

describe("bearer tokens", () => {
  it("are 256 random bits in base64url, never the same twice", () => {
    const tokens = new Set(Array.from({ length: 100 }, newBearerToken));
    expect(tokens.size).toBe(100);
    for (const token of tokens) {
      expect(token).toMatch(/^[\w-]{43}$/);
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
      expect(ZBearerToken.safeParse(token).success).toBe(true);
    }
  });

  it("are stored as the hex SHA-256 of their text, the same digest PostgreSQL's sha256() gives", () => {
    expect(hashBearerToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const token = newBearerToken();
    expect(hashBearerToken(token)).toBe(createHash("sha256").update(Buffer.from(token, "utf8")).digest("hex"));
    expect(hashBearerToken(token)).not.toContain(token);
  });

  it("refuses anything that is not a whole token", () => {
    for (const bad of ["", "short", `${newBearerToken()}x`, `${newBearerToken().slice(0, 42)}/`, "a".repeat(43).replace(/a$/, " ")]) {
      expect(ZBearerToken.safeParse(bad).success).toBe(false);
    }
  });
});
