import { describe, expect, it } from "vitest";
import { allInOrder } from "./all-in-order";

const later = <T>(milliseconds: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), milliseconds));
const failLater = (milliseconds: number, message: string) => new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(message)), milliseconds));

describe("allInOrder", () => {
  it("resolves to every value, in argument order", async () => {
    await expect(allInOrder([later(10, "first"), later(0, 2), Promise.resolve(null)])).resolves.toEqual(["first", 2, null]);
  });

  it("throws the first failure in argument order, even when a later one failed sooner", async () => {
    await expect(allInOrder([later(0, "ok"), failLater(20, "chat not found"), failLater(0, "no model")])).rejects.toThrow("chat not found");
  });
});
