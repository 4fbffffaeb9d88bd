/** Every table, by domain. drizzle-kit reads this module to generate migrations. */
export * from "./characters";
export * from "./chats";
export * from "./identity";
export * from "./models";
export * from "./operators";
export * from "./sharing";
export * from "./system";
export * from "./rooms";
