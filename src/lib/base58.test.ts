import { describe, expect, it } from "vitest";
import { encodeBase58, isBase58 } from "./base58";

describe("encodeBase58", () => {
  it("matches the reference encoding", () => {
    expect(encodeBase58(new TextEncoder().encode("Hello World!"))).toBe("2NEpo7TZRRrLZSi2U");
    expect(encodeBase58(Uint8Array.from([0, 0, 1]))).toBe("112");
    expect(encodeBase58(new Uint8Array())).toBe("");
  });

  it("uses no look-alike characters", () => {
    const encoded = encodeBase58(Uint8Array.from({ length: 64 }, (_, index) => (index * 37) % 256));
    expect(isBase58(encoded)).toBe(true);
    expect(encoded).not.toMatch(/[0OIl]/);
    expect(isBase58("abc0")).toBe(false);
  });
});
