/**
 * A slot shared by every module graph in this Node process. The custom server and Next.js's bundled route
 * handlers load separate copies of our modules; state that must be one per process (the database, the secret,
 * the signaling server) lives in these slots rather than in module variables.
 */
export type TProcessGlobal<T> = {
  get: () => T | undefined;
  set: (value: T | undefined) => void;
};

export function processGlobal<T>(name: string): TProcessGlobal<T> {
  const key = Symbol.for(`coterie.${name}`);
  const slots = globalThis as typeof globalThis & Record<symbol, T | undefined>;
  return {
    get: () => slots[key],
    set: (value) => {
      slots[key] = value;
    },
  };
}
