/**
 * Feeds mutated cards and archives to the importer: whatever comes in, only a card, a lorebook or a
 * CardImportError may come out. A crash, a hang or a stray TypeError fails the test.
 */
import { beforeAll, expect, it } from "vitest";
import { writeCharx } from "./charx";
import { fullCard, pngPicture } from "./fixtures.test-support";
import { CardImportError } from "./import-error";
import { cardToJson } from "./json-card";
import { writePngCard } from "./png-card";
import { readCharacterFile } from "./read-character-file";

/** A small deterministic generator, so a failure can be replayed from its seed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(source: Uint8Array, next: () => number): Uint8Array {
  const bytes = Uint8Array.from(source);
  switch (Math.floor(next() * 4)) {
    case 0: // flip a few bytes
      for (let flips = 1 + Math.floor(next() * 8); flips > 0; flips--) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      return bytes;
    case 1: // truncate
      return bytes.subarray(0, Math.floor(next() * bytes.length));
    case 2: {
      // splice a run of garbage into the middle
      const at = Math.floor(next() * bytes.length);
      const garbage = Uint8Array.from({ length: 1 + Math.floor(next() * 64) }, () => Math.floor(next() * 256));
      const joined = new Uint8Array(bytes.length + garbage.length);
      joined.set(bytes.subarray(0, at));
      joined.set(garbage, at);
      joined.set(bytes.subarray(at), at + garbage.length);
      return joined;
    }
    default: {
      // overwrite a 4-byte field with an extreme length
      const at = Math.floor(next() * Math.max(1, bytes.length - 4));
      new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, next() < 0.5 ? 0xffffffff : Math.floor(next() * 0x7fffffff));
      return bytes;
    }
  }
}

const seeds: Uint8Array[] = [];
beforeAll(async () => {
  const card = fullCard();
  const picture = await pngPicture(16, 16);
  seeds.push(new TextEncoder().encode(cardToJson(card)));
  seeds.push(writePngCard(picture, card));
  seeds.push(writeCharx(card, [{ path: "assets/icon/images/main.png", bytes: picture }]));
  seeds.push(new TextEncoder().encode(JSON.stringify(card.data.character_book)));
});

it("turns 1,200 mutated cards and archives into cards or typed errors only", () => {
  const next = random(20261123);
  const outcomes = { imported: 0, refused: 0 };
  for (let round = 0; round < 1200; round++) {
    const seed = seeds[round % seeds.length];
    if (!seed) throw new Error("no seeds");
    const input = mutate(seed, next);
    try {
      readCharacterFile(input);
      outcomes.imported++;
    } catch (error) {
      if (!(error instanceof CardImportError)) {
        throw new Error(`round ${round}: ${String(error)} escaped as ${(error as Error).constructor.name}`);
      }
      outcomes.refused++;
    }
  }
  expect(outcomes.imported + outcomes.refused).toBe(1200);
  // Both paths are exercised: some mutations land in text and still parse, most are refused.
  expect(outcomes.refused).toBeGreaterThan(300);
  expect(outcomes.imported).toBeGreaterThan(10);
});
