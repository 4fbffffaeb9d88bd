/**
 * One entry of the allowed private provider hosts: a hostname, an IP address or a CIDR range, with an optional
 * port (`localhost:11434`, `ollama.lan`, `192.168.1.20:8080`, `10.0.0.0/8`, `[::1]:11434`, `fd00::/8`). This is
 * only the shape; the guarded fetch decides what a rule lets through. Entries are normalized (trimmed,
 * lower-cased) so the same rule is never stored twice.
 */
import { isIP } from "node:net";
import { z } from "zod";

export const PRIVATE_HOST_RULES_MAX = 100;

const HOSTNAME_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

function isHostname(host: string): boolean {
  if (host.length > 253 || /^[\d.]+$/.test(host)) return false; // all digits and dots is a (bad) IPv4 address
  return host.split(".").every((label) => HOSTNAME_LABEL.test(label));
}

function isPort(port: string): boolean {
  return /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535;
}

/** `address/prefix` with the prefix within the address family's length. */
function isCidr(value: string): boolean {
  const [address = "", prefix, ...rest] = value.split("/");
  if (rest.length > 0 || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return false;
  const family = isIP(address);
  return family !== 0 && Number(prefix) <= (family === 4 ? 32 : 128);
}

export function isPrivateHostRule(rule: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rule);
  if (bracketed) {
    const [, address = "", port] = bracketed;
    return isIP(address) === 6 && (port === undefined || isPort(port));
  }
  // More than one colon and no brackets: a bare IPv6 address or range, which cannot carry a port.
  if ((rule.match(/:/g) ?? []).length > 1) return isIP(rule) === 6 || isCidr(rule);
  const [host = "", port, ...rest] = rule.split(":");
  if (rest.length > 0 || (port !== undefined && !isPort(port))) return false;
  return isIP(host) === 4 || isCidr(host) || isHostname(host);
}

export const ZPrivateHostRule = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter a host.")
  .max(300, "Use at most 300 characters.")
  .refine(isPrivateHostRule, "Use a hostname, an IP address or a CIDR range, with an optional :port.");

export const ZPrivateHostRules = z
  .array(ZPrivateHostRule)
  .max(PRIVATE_HOST_RULES_MAX, `Allow at most ${PRIVATE_HOST_RULES_MAX} hosts.`)
  .transform((rules) => [...new Set(rules)]);
