/**
 * A short device label ("Chromium on Linux") for the devices list. Client hints are preferred where the
 * browser sends them (Chromium-based browsers name their brand there); the User-Agent string is the fallback.
 */
type THeaderSource = { get: (name: string) => string | null };

const HINT_BRANDS: [brand: string, label: string][] = [
  ["Microsoft Edge", "Edge"],
  ["Opera", "Opera"],
  ["Brave", "Brave"],
  ["Vivaldi", "Vivaldi"],
  ["Google Chrome", "Chrome"],
  ["Chromium", "Chromium"],
];

const UA_BROWSERS: [pattern: RegExp, label: string][] = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\bOPR\/|\bOpera\b/, "Opera"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\bChromium\//, "Chromium"],
  [/\bHeadlessChrome\//, "Chromium"],
  [/\bChrome\/|\bCriOS\//, "Chrome"],
  [/\bSafari\//, "Safari"],
];

const UA_SYSTEMS: [pattern: RegExp, label: string][] = [
  [/\b(iPhone|iPad|iPod)\b/, "iOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bWindows\b/, "Windows"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

/** Client-hint platform names that differ from the ones used above. */
const HINT_PLATFORM_NAMES: Record<string, string> = { "Chrome OS": "ChromeOS" };

function unquote(value: string | null): string | null {
  const trimmed = value?.trim().replace(/^"|"$/g, "");
  return trimmed === undefined || trimmed === "" ? null : trimmed;
}

export function deviceLabel(headers: THeaderSource): string {
  const userAgent = headers.get("user-agent") ?? "";
  const hints = headers.get("sec-ch-ua") ?? "";
  const browser =
    HINT_BRANDS.find(([brand]) => hints.includes(`"${brand}"`))?.[1] ??
    UA_BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1] ??
    "Unknown browser";
  const hintedPlatform = unquote(headers.get("sec-ch-ua-platform"));
  const system =
    (hintedPlatform ? (HINT_PLATFORM_NAMES[hintedPlatform] ?? hintedPlatform) : null) ??
    UA_SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1] ??
    "an unknown system";
  return `${browser} on ${system}`.slice(0, 80);
}
