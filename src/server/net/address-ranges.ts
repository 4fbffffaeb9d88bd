/**
 * Which IP addresses a request made by the server may reach by default: globally routable unicast only. Every
 * range through which a request could reach this machine, its network or its cloud's metadata service is named
 * here, after the IANA special-purpose address registries (RFC 6890 and later), IPv4 and IPv6, including the IPv6
 * forms that carry an IPv4 address inside (mapped, NAT64, 6to4), which are judged by the address they carry.
 * Pure: no DNS, no sockets.
 */
import { isIP } from "node:net";

export type TIpAddress = { family: 4 | 6; value: bigint };

export type TAddressClass =
  | "public"
  | "unspecified"
  | "loopback"
  | "private"
  | "carrier-nat"
  | "link-local"
  | "unique-local"
  | "multicast"
  | "documentation"
  | "benchmarking"
  | "reserved"
  | "cloud-metadata";

const BITS = { 4: 32, 6: 128 } as const;

function parseIpv4(text: string): bigint {
  return text.split(".").reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

function parseIpv6(text: string): bigint {
  // A trailing dotted quad stands for the last two groups.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let hex = text;
  if (quad?.[1]) {
    const v4 = parseIpv4(quad[1]);
    hex = `${text.slice(0, -quad[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = "", tail] = hex.split("::");
  const groupsOf = (part: string) => (part === "" ? [] : part.split(":"));
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/** A plain IPv4 or IPv6 address (no brackets, no zone, no port), or null. */
export function parseIpAddress(text: string): TIpAddress | null {
  const family = isIP(text);
  if (family === 4) return { family: 4, value: parseIpv4(text) };
  // Zone ids (fe80::1%eth0) only ever name link-local addresses on one interface: never a provider.
  if (family === 6 && !text.includes("%")) return { family: 6, value: parseIpv6(text) };
  return null;
}

export function inRange(address: TIpAddress, network: TIpAddress, prefixLength: number): boolean {
  if (address.family !== network.family) return false;
  const shift = BigInt(BITS[address.family] - prefixLength);
  return address.value >> shift === network.value >> shift;
}

type TRange = { network: TIpAddress; prefixLength: number };

function range(cidr: string): TRange {
  const [address = "", prefix = ""] = cidr.split("/");
  const network = parseIpAddress(address);
  if (!network) throw new Error(`bad range ${cidr}`);
  return { network, prefixLength: Number(prefix) };
}

const within = (address: TIpAddress, { network, prefixLength }: TRange) => inRange(address, network, prefixLength);
const embeddedIpv4 = (address: TIpAddress, shift: bigint): TIpAddress => ({ family: 4, value: (address.value >> shift) & 0xffffffffn });

/** The IPv4 address an IPv4-mapped IPv6 address (::ffff:a.b.c.d) stands for: sockets treat them as one. */
export function unmapIpv4(address: TIpAddress): TIpAddress {
  return address.family === 6 && within(address, IPV4_MAPPED) ? embeddedIpv4(address, 0n) : address;
}

// Instance metadata services (AWS, GCP, Azure, Alibaba, Oracle, Tencent, ECS/EKS task credentials): they hand out
// cloud credentials, so no operator rule opens them, even one whose range covers them.
const CLOUD_METADATA = [
  "169.254.169.254",
  "169.254.170.2",
  "169.254.170.23",
  "169.254.0.23",
  "100.100.100.200",
  "168.63.129.16",
  "192.0.0.192",
  "fd00:ec2::254",
  "fd00:ec2::23",
  "fd20:ce::254",
].map((text) => parseIpAddress(text)!);

const IPV4_RANGES: [TRange, TAddressClass][] = [
  [range("0.0.0.0/8"), "unspecified"],
  [range("10.0.0.0/8"), "private"],
  [range("100.64.0.0/10"), "carrier-nat"],
  [range("127.0.0.0/8"), "loopback"],
  [range("169.254.0.0/16"), "link-local"],
  [range("172.16.0.0/12"), "private"],
  [range("192.0.0.0/24"), "reserved"],
  [range("192.0.2.0/24"), "documentation"],
  [range("192.88.99.0/24"), "reserved"],
  [range("192.168.0.0/16"), "private"],
  [range("198.18.0.0/15"), "benchmarking"],
  [range("198.51.100.0/24"), "documentation"],
  [range("203.0.113.0/24"), "documentation"],
  [range("224.0.0.0/4"), "multicast"],
  // Class E and the broadcast address.
  [range("240.0.0.0/4"), "reserved"],
];

const IPV4_MAPPED = range("::ffff:0:0/96");
const NAT64 = range("64:ff9b::/96");
const SIX_TO_FOUR = range("2002::/16");
const GLOBAL_UNICAST = range("2000::/3");

const IPV6_RANGES: [TRange, TAddressClass][] = [
  [range("::/128"), "unspecified"],
  [range("::1/128"), "loopback"],
  // IPv4-compatible addresses (::a.b.c.d): deprecated, never routed.
  [range("::/96"), "reserved"],
  // Local-use NAT64 translates into the operator's own network.
  [range("64:ff9b:1::/48"), "private"],
  [range("2001:db8::/32"), "documentation"],
  [range("3fff::/20"), "documentation"],
  [range("2001:2::/48"), "benchmarking"],
  // IETF protocol assignments: Teredo, ORCHID, AMT and the like, none of them a web server.
  [range("2001::/23"), "reserved"],
  [range("fc00::/7"), "unique-local"],
  [range("fe80::/10"), "link-local"],
  // Site-local, deprecated but still routed by some networks as private.
  [range("fec0::/10"), "private"],
  [range("ff00::/8"), "multicast"],
];

export function classifyAddress(address: TIpAddress): TAddressClass {
  if (CLOUD_METADATA.some((metadata) => metadata.family === address.family && metadata.value === address.value)) return "cloud-metadata";
  if (address.family === 4) return IPV4_RANGES.find(([block]) => within(address, block))?.[1] ?? "public";
  if (within(address, IPV4_MAPPED) || within(address, NAT64)) return classifyAddress(embeddedIpv4(address, 0n));
  if (within(address, SIX_TO_FOUR)) {
    const carried = classifyAddress(embeddedIpv4(address, 80n));
    if (carried !== "public") return carried;
  }
  const named = IPV6_RANGES.find(([block]) => within(address, block))?.[1];
  if (named) return named;
  // Outside 2000::/3 nothing is allocated as global unicast.
  return within(address, GLOBAL_UNICAST) ? "public" : "reserved";
}
