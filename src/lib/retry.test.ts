import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { retrying } from "./retry";

class Transient extends Error {}

describe("retrying", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("tries again after each delay until the task succeeds", async () => {
    const task = vi.fn<() => Promise<string>>().mockRejectedValueOnce(new Transient("down")).mockRejectedValueOnce(new Transient("down")).mockResolvedValue("recorded");
    const result = retrying(task, { delaysMs: [1_000, 5_000], shouldRetry: (error) => error instanceof Transient });
    await vi.advanceTimersByTimeAsync(999);
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(task).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(result).resolves.toBe("recorded");
    expect(task).toHaveBeenCalledTimes(3);
  });

  it("throws the last failure once the delays run out", async () => {
    const task = vi.fn<() => Promise<never>>().mockRejectedValueOnce(new Transient("first")).mockRejectedValue(new Transient("second"));
    const result = retrying(task, { delaysMs: [10], shouldRetry: () => true });
    const settled = expect(result).rejects.toThrow("second");
    await vi.advanceTimersByTimeAsync(10);
    await settled;
    expect(task).toHaveBeenCalledTimes(2);
  });

  it("does not repeat a failure that is not worth retrying", async () => {
    const task = vi.fn<() => Promise<never>>().mockRejectedValue(new Error("not found"));
    await expect(retrying(task, { delaysMs: [10, 10], shouldRetry: (error) => error instanceof Transient })).rejects.toThrow("not found");
    expect(task).toHaveBeenCalledTimes(1);
  });
});
