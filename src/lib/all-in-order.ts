type TAwaitedAll<T extends readonly unknown[]> = { -readonly [K in keyof T]: Awaited<T[K]> };

/**
 * Promise.all, except that when several fail, the error thrown is the first in argument order rather than the
 * first in time: reads run together yet fail as if run one after another (an unknown chat before a missing model).
 */
export async function allInOrder<T extends readonly unknown[]>(promises: readonly [...T]): Promise<TAwaitedAll<T>> {
  const settled = await Promise.allSettled(promises);
  for (const result of settled) if (result.status === "rejected") throw result.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as TAwaitedAll<T>;
}
