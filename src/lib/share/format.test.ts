import { describe, expect, it } from "vitest";
import { formatBytes, formatDuration, SpeedMeter } from "./format";

describe("transfer formatting", () => {
  it("formats sizes and durations for people", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.0 MiB");
    expect(formatBytes(1024 ** 3 * 256)).toBe("256 GiB");
    expect(formatDuration(42.2)).toBe("43 s");
    expect(formatDuration(3 * 3600 + 120)).toBe("3 h 2 min");
  });

  it("measures speed over its window only", () => {
    const meter = new SpeedMeter(1_000);
    meter.record(0, 0);
    meter.record(10_000_000, 10_000);
    meter.record(10_500_000, 10_500);
    meter.record(11_000_000, 11_000);
    expect(meter.bytesPerSecond()).toBe(1_000_000);
  });
});
