/**
 * Connections that can only go where the guard looked. Each agent answers every DNS lookup of its sockets with
 * the addresses that were checked, so a name that resolves elsewhere between the check and the connection (DNS
 * rebinding) cannot move the request. Agents are kept per origin and checked address set, so keep-alive
 * connections are reused while the name keeps resolving the same way.
 */
import "server-only";
import type { LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { Agent } from "undici";

export type TResolvedAddress = { address: string; family: 4 | 6 };

const CONNECT_TIMEOUT_MS = 10_000;
const MAX_AGENTS = 64;

type TEntry = { agent: Agent; borrowers: number; evicted: boolean };
const entries = new Map<string, TEntry>();

function pinnedLookup(addresses: TResolvedAddress[]): LookupFunction {
  const answers: LookupAddress[] = addresses.map(({ address, family }) => ({ address, family }));
  return (_hostname, options, callback) => {
    const [first] = answers;
    if (!first) return callback(new Error("no checked address"), "", 0);
    if (options.all) return callback(null, answers);
    callback(null, first.address, first.family);
  };
}

function closeWhenIdle(entry: TEntry): void {
  if (entry.evicted && entry.borrowers === 0) void entry.agent.close().catch(() => undefined);
}

/** An agent pinned to `addresses` for `origin`; `release` once the response is done with. */
export function borrowPinnedAgent(origin: string, addresses: TResolvedAddress[]): { agent: Agent; release: () => void } {
  const key = `${origin} ${addresses.map(({ address }) => address).join(",")}`;
  let entry = entries.get(key);
  if (entry) {
    // Most recently used last, so the oldest is the first to go.
    entries.delete(key);
  } else {
    entry = {
      // Time limits are the guarded fetch's own (headers and total), so undici's are off.
      agent: new Agent({ connect: { timeout: CONNECT_TIMEOUT_MS, lookup: pinnedLookup(addresses) }, headersTimeout: 0, bodyTimeout: 0 }),
      borrowers: 0,
      evicted: false,
    };
  }
  entries.set(key, entry);
  for (const [oldKey, old] of entries) {
    if (entries.size <= MAX_AGENTS) break;
    entries.delete(oldKey);
    old.evicted = true;
    closeWhenIdle(old);
  }
  const borrowed = entry;
  borrowed.borrowers++;
  let released = false;
  return {
    agent: borrowed.agent,
    release: () => {
      if (released) return;
      released = true;
      borrowed.borrowers--;
      closeWhenIdle(borrowed);
    },
  };
}
