/**
 * Every tRPC procedure's input, fuzzed: a sample built from the procedure's own zod schema (through its JSON
 * Schema), then that sample with each field replaced by junk and boundary values (wrong types, huge strings, deep
 * nesting, prototype keys, one past each limit), and junk in place of the whole input. Whatever arrives, the answer
 * is a typed refusal or a normal answer: never an internal error, never an unhandled rejection, never a polluted
 * prototype. Each procedure runs as a fresh person (an administrator for admin procedures, a stranger for public
 * ones), so one procedure's effects (signing out, say) cannot hide another's failures.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import { appRouter } from "@/server/api/root";
import { describeWithDatabases } from "@/server/testing/databases";
import { installTestAppSecret } from "@/server/testing/secret";
import { callProcedure, createTestCaller, signedUpAdministrator, signedUpCaller } from "@/server/testing/trpc";

type TJsonSchema = {
  type?: string | string[];
  properties?: Record<string, TJsonSchema>;
  required?: string[];
  items?: TJsonSchema;
  anyOf?: TJsonSchema[];
  oneOf?: TJsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
};

type TProcedureDef = { _def: { type: string; inputs: z.ZodType[]; meta?: { requiresSession?: boolean; requiresAdmin?: boolean } } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, TProcedureDef>);

function jsonSchemaOf(schema: z.ZodType | undefined): TJsonSchema | null {
  if (!schema) return null;
  try {
    return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as TJsonSchema;
  } catch {
    return null;
  }
}

/** A value of the schema's shape: required properties, shortest strings, smallest numbers, first choices. */
function sampleOf(schema: TJsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 8) return null;
  const choice = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (choice) return sampleOf(choice, depth + 1);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object":
      return Object.fromEntries((schema.required ?? []).map((key) => [key, sampleOf(schema.properties?.[key], depth + 1)]));
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleOf(schema.items, depth + 1));
    case "string":
      return "a".repeat(Math.max(1, schema.minLength ?? 1));
    case "number":
    case "integer":
      return schema.minimum ?? 0;
    case "boolean":
      return false;
    default:
      return null;
  }
}

function deeplyNested(depth: number): unknown {
  let value: unknown = "bottom";
  for (let level = 0; level < depth; level++) value = level % 2 ? { inner: value } : [value];
  return value;
}

/** Values no procedure takes, each of which has broken some server somewhere. */
const JUNK: [string, () => unknown][] = [
  ["undefined", () => undefined],
  ["null", () => null],
  ["zero", () => 0],
  ["a negative number", () => -1],
  ["a fraction", () => 1.5],
  ["NaN", () => Number.NaN],
  ["Infinity", () => Number.POSITIVE_INFINITY],
  ["a huge number", () => 2 ** 63],
  ["true", () => true],
  ["an empty string", () => ""],
  ["a megabyte string", () => "x".repeat(1024 * 1024)],
  ["control characters", () => "\u0000\u0007\u001b[31m\r\n"],
  ["lone surrogates", () => "\ud800\udfff\ud800"],
  ["SQL", () => "'); drop table users; --"],
  ["a path", () => "../../../../etc/passwd"],
  ["an empty array", () => []],
  ["a long array", () => Array.from({ length: 20_000 }, (_, index) => index)],
  ["an empty object", () => ({})],
  ["deep nesting", () => deeplyNested(2_000)],
  ["a __proto__ key", () => JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}') as unknown],
  ["a date", () => new Date(0)],
];

/** One past each limit the schema states for a property. */
function boundaryValues(schema: TJsonSchema | undefined): [string, unknown][] {
  if (!schema) return [];
  const values: [string, unknown][] = [];
  if (schema.maxLength !== undefined) values.push([`${schema.maxLength + 1} characters`, "b".repeat(schema.maxLength + 1)]);
  if (schema.minLength !== undefined && schema.minLength > 0) values.push([`${schema.minLength - 1} characters`, "b".repeat(schema.minLength - 1)]);
  if (schema.maximum !== undefined) values.push([`above ${schema.maximum}`, schema.maximum + 1]);
  if (schema.minimum !== undefined) values.push([`below ${schema.minimum}`, schema.minimum - 1]);
  if (schema.maxItems !== undefined) values.push([`${schema.maxItems + 1} items`, Array.from({ length: schema.maxItems + 1 }, () => sampleOf(schema.items))]);
  if (schema.enum) values.push(["an unknown choice", "not-one-of-them"]);
  return values;
}

/** The inputs to send: junk alone, then the sample with each property (and each one nested a level) replaced. */
function fuzzCases(schema: TJsonSchema | null): [string, unknown][] {
  const cases: [string, unknown][] = JUNK.map(([name, make]) => [`input: ${name}`, make()]);
  if (!schema) return cases;
  const sample = sampleOf(schema);
  if (sample === null || typeof sample !== "object" || Array.isArray(sample)) return cases;
  const replaceAt = (keys: string[], value: unknown): unknown => {
    const copy = structuredClone(sample) as Record<string, unknown>;
    let target = copy;
    for (const key of keys.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[keys.at(-1)!] = value;
    return copy;
  };
  cases.push(["an unknown extra field", { ...sample, extraField: "x".repeat(10_000) }]);
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    cases.push([`${key}: missing`, Object.fromEntries(Object.entries(sample).filter(([name]) => name !== key))]);
    for (const [name, make] of JUNK) cases.push([`${key}: ${name}`, replaceAt([key], make())]);
    for (const [name, value] of boundaryValues(property)) cases.push([`${key}: ${name}`, replaceAt([key], value)]);
    for (const [nestedKey, nested] of Object.entries(property.properties ?? {})) {
      for (const [name, make] of JUNK.slice(0, 12)) cases.push([`${key}.${nestedKey}: ${name}`, replaceAt([key, nestedKey], make())]);
      for (const [name, value] of boundaryValues(nested)) cases.push([`${key}.${nestedKey}: ${name}`, replaceAt([key, nestedKey], value)]);
    }
  }
  return cases;
}

describeWithDatabases("every procedure's input, fuzzed", (database) => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    installTestAppSecret();
    // The first account of an install is its administrator; the fuzzed people are ordinary members.
    await signedUpAdministrator(database(), "fuzzadmin");
    process.on("unhandledRejection", onUnhandled);
  });
  afterAll(() => {
    process.off("unhandledRejection", onUnhandled);
  });

  it.each(procedures.map(([path, procedure]) => [path, procedure] as const))("%s answers junk with a typed refusal, never an internal error", async (path, procedure) => {
    const meta = procedure._def.meta ?? {};
    const caller = meta.requiresAdmin
      ? (await signedUpAdministrator(database(), "fuzzer")).caller
      : meta.requiresSession
        ? (await signedUpCaller(database(), "fuzzer")).caller
        : await createTestCaller(database(), { clientIp: `198.51.100.${Math.floor(Math.random() * 250)}` });
    const cases = fuzzCases(jsonSchemaOf(procedure._def.inputs[0]));
    expect(cases.length).toBeGreaterThan(JUNK.length - 1);
    const internal: string[] = [];
    for (const [name, input] of cases) {
      const error = await callProcedure(caller, path, input).then(
        () => null,
        (failure: unknown) => failure,
      );
      if (error !== null && !(error instanceof TRPCError)) internal.push(`${name}: threw ${error instanceof Error ? error.message : typeof error}`);
      else if (error?.code === "INTERNAL_SERVER_ERROR") internal.push(`${name}: ${error.message} (${error.cause?.message ?? "no cause"})`);
    }
    expect(internal).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(unhandled).toEqual([]);
  });
});
