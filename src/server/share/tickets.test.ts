import { beforeAll, describe, expect, it } from "vitest";
import { installTestAppSecret } from "@/server/testing/secret";
import { isValidDownloadTicket, isValidUnlockGrant, mintDownloadTicket, mintUnlockGrant } from "./tickets";

beforeAll(installTestAppSecret);

const now = new Date("2026-12-01T12:00:00Z");
const inAnHour = new Date(now.getTime() + 3_600_000);

describe("download tickets", () => {
  it("admit the peer they were issued to, for the share they were issued for, until they expire", () => {
    const ticket = mintDownloadTicket("shr_one", "peerA123", inAnHour);
    expect(isValidDownloadTicket(ticket, "shr_one", "peerA123", now)).toBe(true);
    expect(isValidDownloadTicket(ticket, "shr_two", "peerA123", now)).toBe(false);
    expect(isValidDownloadTicket(ticket, "shr_one", "peerB456", now)).toBe(false);
    expect(isValidDownloadTicket(ticket, "shr_one", "peerA123", new Date(inAnHour.getTime() + 1000))).toBe(false);
  });

  it("refuse a stretched expiry and malformed ones", () => {
    const [version, expiry, signature] = mintDownloadTicket("shr_one", "peerA123", inAnHour).split(".");
    expect(isValidDownloadTicket(`${version}.${Number(expiry) + 86_400}.${signature}`, "shr_one", "peerA123", now)).toBe(false);
    for (const junk of ["", "st1", "st1.x.y", "sg1.1.abc", `st1.${expiry}.${signature}.extra`]) expect(isValidDownloadTicket(junk, "shr_one", "peerA123", now)).toBe(false);
  });
});

describe("unlock grants", () => {
  it("stand for one share, and are not tickets", () => {
    const grant = mintUnlockGrant("shr_one", inAnHour);
    expect(isValidUnlockGrant(grant, "shr_one", now)).toBe(true);
    expect(isValidUnlockGrant(grant, "shr_two", now)).toBe(false);
    expect(isValidDownloadTicket(grant, "shr_one", "peerA123", now)).toBe(false);
    expect(isValidUnlockGrant(mintDownloadTicket("shr_one", "peerA123", inAnHour), "shr_one", now)).toBe(false);
  });
});
