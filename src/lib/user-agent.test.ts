import { describe, expect, it } from "vitest";
import { deviceLabel } from "./user-agent";

const headers = (values: Record<string, string>) => new Headers(values);

describe("deviceLabel", () => {
  it.each([
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36", "Chromium on Linux"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36", "Chrome on Windows"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0", "Edge on Windows"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:131.0) Gecko/20100101 Firefox/131.0", "Firefox on macOS"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari on iOS"],
    ["Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36", "Chrome on Android"],
  ])("reads %s", (userAgent, label) => {
    expect(deviceLabel(headers({ "user-agent": userAgent }))).toBe(label);
  });

  it("prefers client hints, which name Chromium builds honestly", () => {
    const label = deviceLabel(
      headers({
        "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
        "sec-ch-ua": '"Chromium";v="156", "Not?A_Brand";v="24"',
        "sec-ch-ua-platform": '"Linux"',
      }),
    );
    expect(label).toBe("Chromium on Linux");
    expect(deviceLabel(headers({ "sec-ch-ua": '"Google Chrome";v="130", "Chromium";v="130"', "sec-ch-ua-platform": '"macOS"' }))).toBe(
      "Chrome on macOS",
    );
  });

  it("says so when it cannot tell", () => {
    expect(deviceLabel(headers({}))).toBe("Unknown browser on an unknown system");
  });
});
