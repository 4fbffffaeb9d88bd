/**
 * What an address counts as for rate limits. One IPv4 address is one identity; an IPv6 address is its /64, the
 * block a single home or phone is handed, so rotating through the 2^64 addresses of one network gains nothing.
 * IPv4-mapped IPv6 (`::ffff:192.0.2.1`, as dual-stack sockets report IPv4 peers) counts as the IPv4 address.
 */
import ipaddr from "ipaddr.js";

export function addressIdentity(address: string): string {
  if (!ipaddr.isValid(address)) return address.slice(0, 64);
  const parsed = ipaddr.process(address);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const prefix = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${prefix.join(":")}::/64`;
}
