/**
 * LLM access per user: providers (with the API key sealed by AES-256-GCM), the models each offers with their
 * limits and prices, which model serves each scenario, and a usage event for every generation.
 */
import { bigint, boolean, index, integer, pgTable, primaryKey, real, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { TCostCode, TProviderKind, TScenario } from "@/lib/llm/provider-kinds";
import { newId } from "@/server/db/ids";
import { createdAt } from "./columns";
import { ownerId } from "./owner";


export const providers = pgTable(
  "providers",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("prv")),
    userId: ownerId(),
    kind: text("kind").$type<TProviderKind>().notNull(),
    label: text("label").notNull(),
    /** Null: the kind's default endpoint. */
    baseUrl: text("base_url"),
    /** `v1.<iv>.<ciphertext>.<tag>` from secret-box; never leaves the server. */
    apiKeySealed: text("api_key_sealed"),
    apiKeyLastFour: text("api_key_last_four"),
    modelsRefreshedAt: timestamp("models_refreshed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [index("providers_user_id_idx").on(table.userId)],
);

/**
 * Prices are micro-units (millionths of a US dollar) per million tokens, so $2.50/M is 2_500_000; null means
 * unknown. `customized` rows keep the user's values when models are refreshed.
 */
export const models = pgTable(
  "models",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("mdl")),
    userId: ownerId(),
    providerId: text("provider_id")
      .notNull()
      .references(() => providers.id, { onDelete: "cascade" }),
    modelId: text("model_id").notNull(),
    label: text("label").notNull(),
    contextWindow: integer("context_window").notNull(),
    maxOutputTokens: integer("max_output_tokens").notNull(),
    vision: boolean("vision").notNull().default(false),
    reasoning: boolean("reasoning").notNull().default(false),
    tools: boolean("tools").notNull().default(false),
    inputPricePerMillion: bigint("input_price_per_million", { mode: "number" }),
    outputPricePerMillion: bigint("output_price_per_million", { mode: "number" }),
    cachedInputPricePerMillion: bigint("cached_input_price_per_million", { mode: "number" }),
    starred: boolean("starred").notNull().default(false),
    hidden: boolean("hidden").notNull().default(false),
    customized: boolean("customized").notNull().default(false),
    /** "listed": the provider's model list returned it; "manual": the user typed its id. */
    origin: text("origin").$type<"listed" | "manual">().notNull(),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("models_provider_id_model_id_idx").on(table.providerId, table.modelId), index("models_user_id_idx").on(table.userId)],
);

export const generationSettings = pgTable(
  "generation_settings",
  {
    userId: ownerId(),
    scenario: text("scenario").$type<TScenario>().notNull(),
    modelRowId: text("model_row_id").references(() => models.id, { onDelete: "set null" }),
    temperature: real("temperature").notNull(),
    maxOutputTokens: integer("max_output_tokens").notNull(),
    reasoning: boolean("reasoning").notNull().default(false),
  },
  (table) => [primaryKey({ columns: [table.userId, table.scenario] })],
);

/** One row per generation; the provider and model are copied so the record survives their deletion. */
export const usageEvents = pgTable(
  "usage_events",
  {
    id: text("id").primaryKey().$defaultFn(() => newId("use")),
    userId: ownerId(),
    providerKind: text("provider_kind").$type<TProviderKind>().notNull(),
    providerLabel: text("provider_label").notNull(),
    modelId: text("model_id").notNull(),
    scenario: text("scenario").$type<TScenario>().notNull(),
    chatId: text("chat_id"),
    inputTokens: integer("input_tokens").notNull().default(0),
    cachedInputTokens: integer("cached_input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    reasoningTokens: integer("reasoning_tokens").notNull().default(0),
    latencyMs: integer("latency_ms").notNull(),
    costMicros: bigint("cost_micros", { mode: "number" }).notNull().default(0),
    costCode: text("cost_code").$type<TCostCode>().notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("usage_events_user_id_created_at_idx").on(table.userId, table.createdAt)],
);
