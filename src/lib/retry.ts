/**
 * Runs a task, and again after each delay while it fails with an error worth retrying; the last failure is thrown.
 * For calls whose loss would leave state behind (a seat still counted as taken) and that are safe to repeat.
 */
export async function retrying<T>(task: () => Promise<T>, options: { delaysMs: readonly number[]; shouldRetry: (error: unknown) => boolean }): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      const delay = options.delaysMs[attempt];
      if (delay === undefined || !options.shouldRetry(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
