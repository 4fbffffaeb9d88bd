/**
 * Finds which of many literal keys occur in a text in one pass. A 1,000-entry lorebook has thousands of keys;
 * testing each with `includes` reads the text thousands of times, while bucketing keys by their first three
 * characters reads it once and checks only the keys that could start at each position.
 */
const PREFIX = 3;

export class KeyIndex {
  private readonly buckets = new Map<string, string[]>();
  private readonly shortKeys: string[] = [];

  constructor(keys: Iterable<string>) {
    for (const key of new Set(keys)) {
      if (key.length < PREFIX) {
        this.shortKeys.push(key);
        continue;
      }
      const prefix = key.slice(0, PREFIX);
      const bucket = this.buckets.get(prefix);
      if (bucket) bucket.push(key);
      else this.buckets.set(prefix, [key]);
    }
  }

  /** The keys that occur in `text`, anywhere (substring semantics, as lorebooks define matching). */
  findIn(text: string): Set<string> {
    const found = new Set<string>();
    if (this.buckets.size > 0) {
      for (let at = 0; at + PREFIX <= text.length; at++) {
        const bucket = this.buckets.get(text.slice(at, at + PREFIX));
        if (!bucket) continue;
        for (const key of bucket) if (!found.has(key) && text.startsWith(key, at)) found.add(key);
      }
    }
    for (const key of this.shortKeys) if (text.includes(key)) found.add(key);
    return found;
  }
}
