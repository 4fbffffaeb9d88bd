/** A data channel message as its sender writes it: each protocol's encoder stamps the version on the way out. */
export type TWithoutVersion<T> = T extends unknown ? Omit<T, "v"> : never;
