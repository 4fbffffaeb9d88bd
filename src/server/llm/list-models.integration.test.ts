import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithDatabases } from "@/server/testing/databases";
import { listProviderModels } from "./list-models";

/** One local server answering each vendor's model-list route in that vendor's shape, recording the headers. */
let baseUrl = "";
let seen: { path: string; headers: IncomingHttpHeaders }[] = [];
const server = createServer((request, response) => {
  const path = request.url ?? "";
  seen.push({ path, headers: request.headers });
  const reply = (body: unknown, status = 200) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  };
  if (path.startsWith("/anthropic/models")) return reply({ data: [{ id: "claude-sonnet-4-5-20250929", display_name: "Claude Sonnet 4.5" }], has_more: false });
  if (path.startsWith("/google/models")) {
    return reply({
      models: [
        { name: "models/gemini-2.5-flash", displayName: "Gemini 2.5 Flash", inputTokenLimit: 1_048_576, outputTokenLimit: 65_536, supportedGenerationMethods: ["generateContent"], thinking: true },
        { name: "models/text-embedding-004", supportedGenerationMethods: ["embedContent"] },
      ],
    });
  }
  if (path.startsWith("/openrouter/models")) {
    return reply({
      data: [
        {
          id: "anthropic/claude-3.5-haiku",
          name: "Anthropic: Claude 3.5 Haiku",
          context_length: 200_000,
          pricing: { prompt: "0.0000008", completion: "0.000004", input_cache_read: "0.00000008" },
          top_provider: { max_completion_tokens: 8_192 },
          architecture: { input_modalities: ["text", "image"] },
          supported_parameters: ["tools", "temperature"],
        },
      ],
    });
  }
  if (path.startsWith("/broken/models")) return reply({ error: { message: "Invalid API key" } }, 401);
  return reply({ error: "not found" }, 404);
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

// The vitest config allows 127.0.0.1 (ALLOW_PRIVATE_HOSTS), where this server listens.
describeWithDatabases("listProviderModels", (database) => {
  it("asks Anthropic with its own key header and API version", async () => {
    seen = [];
    const models = await listProviderModels(database().db, { kind: "anthropic", baseUrl: `${baseUrl}/anthropic`, apiKey: "sk-ant-test" });
    expect(models).toEqual([{ modelId: "claude-sonnet-4-5-20250929", label: "Claude Sonnet 4.5", defaults: {} }]);
    expect(seen[0]?.headers["x-api-key"]).toBe("sk-ant-test");
    expect(seen[0]?.headers["anthropic-version"]).toBe("2023-06-01");
    expect(seen[0]?.headers.authorization).toBeUndefined();
  });

  it("keeps only Gemini models that generate content, with their limits", async () => {
    seen = [];
    const models = await listProviderModels(database().db, { kind: "google", baseUrl: `${baseUrl}/google`, apiKey: "AIza-test" });
    expect(models).toEqual([{ modelId: "gemini-2.5-flash", label: "Gemini 2.5 Flash", defaults: { contextWindow: 1_048_576, maxOutputTokens: 65_536, reasoning: true } }]);
    expect(seen[0]?.headers["x-goog-api-key"]).toBe("AIza-test");
  });

  it("takes OpenRouter's limits, capabilities and per-token prices as micro-dollars per million", async () => {
    const [model] = await listProviderModels(database().db, { kind: "openrouter", baseUrl: `${baseUrl}/openrouter`, apiKey: "sk-or-test" });
    expect(model).toEqual({
      modelId: "anthropic/claude-3.5-haiku",
      label: "Anthropic: Claude 3.5 Haiku",
      defaults: {
        contextWindow: 200_000,
        maxOutputTokens: 8_192,
        vision: true,
        reasoning: false,
        tools: true,
        inputPricePerMillion: 800_000,
        outputPricePerMillion: 4_000_000,
        cachedInputPricePerMillion: 80_000,
      },
    });
  });

  it("throws the provider's refusal so it can be explained", async () => {
    await expect(listProviderModels(database().db, { kind: "openai", baseUrl: `${baseUrl}/broken`, apiKey: "sk-bad" })).rejects.toMatchObject({ statusCode: 401 });
  });
});
