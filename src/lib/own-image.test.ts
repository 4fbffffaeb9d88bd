import { describe, expect, it } from "vitest";
import { ownImageOrNull } from "./own-image";

describe("ownImageOrNull", () => {
  it("keeps pictures Coterie serves itself", () => {
    expect(ownImageOrNull("/api/avatars/usr_abc?v=0123456789abcdef")).toBe("/api/avatars/usr_abc?v=0123456789abcdef");
  });

  it("leaves out remote pictures, including those written as protocol-relative paths", () => {
    for (const remote of ["https://avatars.githubusercontent.com/u/1", "http://tracker.example/p.png", "//tracker.example/p.png", "/\\tracker.example/p.png", "data:image/png;base64,AAAA"]) {
      expect(ownImageOrNull(remote)).toBeNull();
    }
    expect(ownImageOrNull(null)).toBeNull();
    expect(ownImageOrNull("")).toBeNull();
  });
});
