import { describe, expect, it } from "vitest";
import { MEMORY_LIMIT, memoryHash, rememberMemory, touchMemories, type TMemory } from "./lru-memories";

function fill(count: number): TMemory[] {
  let memories: TMemory[] = [];
  for (let index = 0; index < count; index++) memories = rememberMemory(memories, `fact ${index}`, index).memories;
  return memories;
}

describe("LRU memories", () => {
  it("keeps at most 50 and evicts the least recently used at the 51st", () => {
    const full = fill(MEMORY_LIMIT);
    expect(full).toHaveLength(50);
    const { memories, evicted } = rememberMemory(full, "fact 50", 50);
    expect(memories).toHaveLength(50);
    expect(evicted.map((memory) => memory.content)).toEqual(["fact 0"]);
  });

  it("deduplicates by normalised content and refreshes instead of adding", () => {
    const { memories } = rememberMemory(fill(3), "  FACT   1 ", 99);
    expect(memories).toHaveLength(3);
    expect(memories[0]).toMatchObject({ contentHash: memoryHash("fact 1"), lastUsedAt: 99 });
  });

  it("lets recalled memories outlive the ones never recalled", () => {
    const recalled = touchMemories(fill(MEMORY_LIMIT), new Set([memoryHash("fact 0")]), 100);
    const { evicted } = rememberMemory(recalled, "new fact", 101);
    expect(evicted.map((memory) => memory.content)).toEqual(["fact 1"]);
  });
});
