/**
 * The operator's exceptions to the address guard (ALLOW_PRIVATE_HOSTS, and later the admin page's list): a
 * hostname, an IP address or a CIDR range, each optionally with `:port`. A hostname rule matches the name as
 * written in the URL, whatever it resolves to; an address or range matches whatever resolves into it. Cloud
 * metadata addresses stay refused under every rule. Pure, so the admin page can validate what it stores.
 */
import { domainToASCII } from "node:url";
import { classifyAddress, inRange, parseIpAddress, unmapIpv4, type TIpAddress } from "./address-ranges";

export type TOutboundRule =
  | { kind: "host"; hostname: string; port: number | null }
  | { kind: "range"; network: TIpAddress; prefixLength: number; port: number | null };

export type TRuleParse = { ok: true; rule: TOutboundRule } | { ok: false; problem: string };

/** What a request is about to reach: the URL's host and port, and every address that host resolved to. */
export type TOutboundTarget = { hostname: string; port: number; addresses: TIpAddress[] };

export const RULE_EXAMPLES = "e.g. localhost:11434, 192.168.1.20, 10.0.0.0/8, [::1]:11434 or [fd00::/8]";

const LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** Lower case, IDNA (punycode), no brackets, no trailing dot: the form URL.hostname has. */
export function normalizeHostname(hostname: string): string {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return bare.toLowerCase().replace(/\.$/, "");
}

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

function parseAddressOrRange(text: string, port: number | null): TRuleParse | null {
  const [addressText = "", prefixText, extra] = text.split("/");
  const parsed = parseIpAddress(addressText);
  if (!parsed || extra !== undefined) return null;
  const bits = parsed.family === 4 ? 32 : 128;
  const prefixLength = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
  if (prefixLength < 0 || prefixLength > bits) return { ok: false, problem: `"${text}" has a prefix length outside 0–${bits}` };
  if ((parsed.value & ((1n << BigInt(bits - prefixLength)) - 1n)) !== 0n) {
    return { ok: false, problem: `"${text}" has bits set past its /${prefixLength} prefix; write the network address` };
  }
  // An IPv4-mapped address or range is the IPv4 one it maps, as sockets treat the two alike.
  const unmapped = unmapIpv4(parsed);
  if (unmapped !== parsed && prefixLength >= 96) return { ok: true, rule: { kind: "range", network: unmapped, prefixLength: prefixLength - 96, port } };
  return { ok: true, rule: { kind: "range", network: parsed, prefixLength, port } };
}

function parseHostname(text: string, port: number | null): TRuleParse {
  // domainToASCII stops at the first URL delimiter ("localhost/v1" would become "localhost"): refuse those first.
  if (/[/\\?#@\s%]/.test(text)) return { ok: false, problem: `"${text}" is not a hostname, IP address or CIDR range (${RULE_EXAMPLES})` };
  const hostname = normalizeHostname(domainToASCII(text) || text);
  const labels = hostname.split(".");
  if (hostname.length > 253 || !labels.every((label) => LABEL.test(label))) return { ok: false, problem: `"${text}" is not a hostname, IP address or CIDR range (${RULE_EXAMPLES})` };
  // URLs read a numeric last label as an IPv4 address (http://2130706433/ is 127.0.0.1): such a "name" never matches.
  if (/^(0x[0-9a-f]*|\d+)$/.test(labels.at(-1) ?? "")) return { ok: false, problem: `"${text}" is neither a hostname nor a dotted IPv4 address` };
  return { ok: true, rule: { kind: "host", hostname, port } };
}

export function parseOutboundRule(input: string): TRuleParse {
  const text = input.trim();
  if (text === "") return { ok: false, problem: "an empty entry" };
  if (text.includes("://")) return { ok: false, problem: `"${text}" is a URL; write only its host and port (${RULE_EXAMPLES})` };
  let host = text;
  let port: number | null = null;
  if (text.startsWith("[")) {
    // [IPv6] or [IPv6/prefix], then an optional :port.
    const close = text.indexOf("]");
    const rest = close < 0 ? "" : text.slice(close + 1);
    if (close < 0 || (rest !== "" && !rest.startsWith(":"))) return { ok: false, problem: `"${text}" is not [IPv6 address]:port (${RULE_EXAMPLES})` };
    host = text.slice(1, close);
    if (rest !== "") {
      port = parsePort(rest.slice(1));
      if (port === null) return { ok: false, problem: `"${text}" has a port outside 1–65535` };
    }
    const parsed = parseIpAddress(host.split("/")[0] ?? "")?.family === 6 ? parseAddressOrRange(host, port) : null;
    if (!parsed) return { ok: false, problem: `"${text}": only an IPv6 address or range goes in brackets (${RULE_EXAMPLES})` };
    return parsed;
  }
  // Two colons or more: a bare IPv6 address or range, which cannot carry a port without brackets.
  if ((text.match(/:/g) ?? []).length >= 2) {
    return parseAddressOrRange(text, null) ?? { ok: false, problem: `"${text}" is not an IPv6 address or range; put a port after [brackets], e.g. [::1]:11434` };
  }
  const colon = text.lastIndexOf(":");
  if (colon >= 0) {
    host = text.slice(0, colon);
    port = parsePort(text.slice(colon + 1));
    if (port === null) return { ok: false, problem: `"${text}" has a port outside 1–65535` };
  }
  if (/^[\d./]+$/.test(host)) return parseAddressOrRange(host, port) ?? { ok: false, problem: `"${text}" is not an IPv4 address or CIDR range (${RULE_EXAMPLES})` };
  return parseHostname(host, port);
}

function ruleMatches(rule: TOutboundRule, hostname: string, port: number, address: TIpAddress): boolean {
  if (rule.port !== null && rule.port !== port) return false;
  if (rule.kind === "host") return rule.hostname === hostname;
  return inRange(unmapIpv4(address), rule.network, rule.prefixLength);
}

/**
 * Whether every address the host resolved to may be reached: public ones always, others only under a rule,
 * metadata services never. One refused address refuses the host, so the connection can only use checked ones.
 */
export function permitsTarget(rules: readonly TOutboundRule[], target: TOutboundTarget): boolean {
  const hostname = normalizeHostname(target.hostname);
  if (target.addresses.length === 0) return false;
  return target.addresses.every((address) => {
    const addressClass = classifyAddress(address);
    if (addressClass === "public") return true;
    if (addressClass === "cloud-metadata") return false;
    return rules.some((rule) => ruleMatches(rule, hostname, target.port, address));
  });
}
