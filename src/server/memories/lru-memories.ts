/**
 * A chat's memories as a least-recently-used set: at most MEMORY_LIMIT per chat, one per distinct content
 * (compared by a hash of the normalised text), refreshed when recalled, and the stalest evicted first.
 */
import { createHash } from "node:crypto";

export const MEMORY_LIMIT = 50;

export type TMemory = { contentHash: string; content: string; lastUsedAt: number };

export function memoryHash(content: string): string {
  return createHash("sha256").update(content.trim().replace(/\s+/g, " ").toLowerCase()).digest("hex");
}

/** Adds (or refreshes) a memory; returns the new set and whatever was evicted to make room. */
export function rememberMemory(memories: TMemory[], content: string, now: number, limit = MEMORY_LIMIT): { memories: TMemory[]; evicted: TMemory[] } {
  const contentHash = memoryHash(content);
  const others = memories.filter((memory) => memory.contentHash !== contentHash);
  const next = [...others, { contentHash, content: content.trim(), lastUsedAt: now }].sort((a, b) => b.lastUsedAt - a.lastUsedAt);
  return { memories: next.slice(0, limit), evicted: next.slice(limit) };
}

/** Marks recalled memories as used now, so they outlive ones that are never recalled. */
export function touchMemories(memories: TMemory[], recalledHashes: Set<string>, now: number): TMemory[] {
  return memories.map((memory) => (recalledHashes.has(memory.contentHash) ? { ...memory, lastUsedAt: now } : memory));
}
