/**
 * bench:prompt — the server's work before a reply can start, on a heavy chat: 2,000 messages and a 1,000-entry
 * lorebook (plain, regex and constant entries, recursive scanning), on the embedded database.
 *
 * p50_ms / p95_ms: preparing one prompt as a reply does it (load the turns, character, lorebook and memories,
 * then assemble: macros, lorebook activation with recursion, history trimmed to the context window).
 * first_token_overhead_ms: median over paired runs of (first streamed token through POST /api/chats/reply)
 * minus (first token asking the test LLM server directly with the same prompt): the delay Coterie adds.
 */
import { eq } from "drizzle-orm";
import { POST as replyRoute } from "@/app/api/chats/reply/route";
import type { TChatStreamEvent } from "@/lib/chat/stream-events";
import { withContinueInstruction } from "@/server/replies/continue-instruction";
import { gatherPromptInput, historyOf } from "@/server/replies/prompt-input";
import { loadSelectedTurns } from "@/server/chat/turn-cache";
import { ownedChatWithCast } from "@/server/chat/chats";
import { buildPrompt } from "@/server/replies/prompt/build-prompt";
import { characters, lorebookEntries, messages } from "@/server/db/schema";
import { countTokens } from "@/server/llm/token-count";
import { processGlobal } from "@/server/process-global";
import { connectTestProvider, importTestCharacter } from "@/server/testing/chat";
import { startLlmTestServer } from "@/server/testing/llm-server/llm-server";
import { createTestDatabase } from "@/server/testing/databases";
import { installTestAppSecret } from "@/server/testing/secret";
import { signedUpCaller } from "@/server/testing/trpc";
import { median, percentile, printResult } from "./support/harness";

const MESSAGES = 2_000;
const ENTRIES = 1_000;
const BUILD_RUNS = 200;
const STREAM_RUNS = 30;

const WORDS = "the harbour tide lantern rope sail gull storm quiet evening north anchor story friend old map".split(" ");
function sentence(seed: number, length: number): string {
  return Array.from({ length }, (_, index) => WORDS[(seed * 31 + index * 7) % WORDS.length]).join(" ");
}

async function main(): Promise<void> {
  installTestAppSecret();
  // The embedded database by default (what `npm start` runs); PostgreSQL when DATABASE_URL is set.
  const database = await createTestDatabase(process.env.DATABASE_URL ? "postgres" : "pglite");
  const { connection } = database;
  console.log(`database: ${connection.driver}`);
  // The route handler finds the database where the server would have put it.
  processGlobal("database").set(connection);
  const { db } = connection;
  const llm = await startLlmTestServer();

  const { caller, userId, sessionToken } = await signedUpCaller(connection, "bench");
  const { modelRowId } = await connectTestProvider(caller, llm.url);
  const model = (await caller.models.list()).find((row) => row.id === modelRowId)!;
  await caller.models.update({ id: modelRowId, overrides: { label: model.label, contextWindow: 128_000, maxOutputTokens: 1_024, vision: false, reasoning: false, tools: false, inputPrice: 1, outputPrice: 2, cachedInputPrice: null } });

  const characterId = await importTestCharacter(db, userId);
  await db.delete(lorebookEntries).where(eq(lorebookEntries.characterId, characterId));
  await db.update(characters).set({ lorebook: { scan_depth: 8, token_budget: 4_000, recursive_scanning: true, extensions: {} } }).where(eq(characters.id, characterId));
  await db.insert(lorebookEntries).values(
    Array.from({ length: ENTRIES }, (_, index) => ({
      userId,
      characterId,
      position: index,
      // Every tenth entry matches by regular expression; five are always on.
      keys: index % 10 === 0 ? [`/\\btopic${index}\\b/i`] : [`topic${index}`, `alias${index}`],
      useRegex: index % 10 === 0,
      constant: index < 5,
      // Each entry's content names another entry, so recursive scanning has chains to follow.
      content: `Lore ${index}: ${sentence(index, 20)}. See topic${(index * 7 + 3) % ENTRIES}.`,
      insertionOrder: index,
      priority: index % 3,
    })),
  );
  const { id: chatId } = await caller.chats.start({ characterId, personaId: null, greetingIndex: 0 });
  const history = Array.from({ length: MESSAGES }, (_, index) => {
    // Every fifth message mentions a lorebook topic, so the scanned window always activates entries.
    const content = `${sentence(index, 30)}${index % 5 === 0 ? ` topic${(index * 13) % ENTRIES}` : ""}`;
    return { userId, chatId, sequence: index + 1, role: index % 2 === 0 ? ("user" as const) : ("assistant" as const), content, tokens: countTokens(content) };
  });
  for (let start = 0; start < history.length; start += 500) await db.insert(messages).values(history.slice(start, start + 500));
  for (let index = 0; index < 50; index++) await caller.chats.remember({ chatId, content: `Memory ${index}: ${sentence(index, 12)}` });
  console.log(`chat: ${MESSAGES} messages, lorebook: ${ENTRIES} entries, 50 memories`);

  // 1. Prompt preparation, as chatReply does it.
  async function preparePrompt() {
    const { chat, character, persona } = await ownedChatWithCast(db, userId, chatId);
    const turns = await loadSelectedTurns(db, chat);
    const { input } = await gatherPromptInput(db, userId, {
      character: { library: character },
      persona,
      memories: { chatId },
      history: historyOf(turns),
      model: { contextWindow: 128_000, maxOutputTokens: 1_024 },
    });
    return buildPrompt(input);
  }
  const sample = await preparePrompt();
  console.log(`prompt: ${sample.messages.length} messages, ${sample.historyIncluded} turns of history, ${sample.activatedLorebookIds.length} lorebook entries, ~${sample.promptTokens} tokens`);
  const builds: number[] = [];
  for (let run = 0; run < BUILD_RUNS; run++) {
    const started = performance.now();
    await preparePrompt();
    builds.push(performance.now() - started);
  }
  console.log(`prepare: p50 ${median(builds).toFixed(2)} ms, p95 ${percentile(builds, 0.95).toFixed(2)} ms over ${BUILD_RUNS} runs`);

  // 2. First-token overhead: the same reply, directly from the test server and through the app's route.
  const reply = { text: "", chunks: ["Fair ", "winds ", "to ", "you."] };
  async function directFirstToken(): Promise<number> {
    llm.script(reply);
    const prompt = withContinueInstruction((await preparePrompt()).messages, "openai_compatible");
    const started = performance.now();
    const response = await fetch(`${llm.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer sk-test-1234" },
      body: JSON.stringify({ model: "test-model", messages: prompt, stream: true }),
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let seen = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error("no token from the test server");
      seen += decoder.decode(value);
      if (seen.includes('"content":"Fair ')) {
        const elapsed = performance.now() - started;
        await reader.cancel();
        return elapsed;
      }
    }
  }
  async function appFirstToken(run: number): Promise<number> {
    llm.script(reply);
    const request = new Request("http://localhost/api/chats/reply", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: `coterie.session=${sessionToken}`, "sec-fetch-site": "same-origin" },
      body: JSON.stringify({ action: "send", chatId, content: `Tell me about topic${run}` }),
    });
    const started = performance.now();
    const response = await replyRoute(request);
    if (!response.ok || !response.body) throw new Error(`reply route answered ${response.status}: ${await response.text()}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = "";
    let firstToken = Number.NaN;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffered += value;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const event = JSON.parse(line) as TChatStreamEvent;
        if (event.type === "text" && Number.isNaN(firstToken)) firstToken = performance.now() - started;
      }
    }
    if (Number.isNaN(firstToken)) throw new Error("no token through the app");
    return firstToken;
  }
  const overheads: number[] = [];
  const directs: number[] = [];
  for (let run = 0; run < STREAM_RUNS; run++) {
    const direct = await directFirstToken();
    const throughApp = await appFirstToken(run);
    directs.push(direct);
    overheads.push(throughApp - direct);
  }
  console.log(`first token: test server alone p50 ${median(directs).toFixed(2)} ms; added by Coterie p50 ${median(overheads).toFixed(2)} ms, p95 ${percentile(overheads, 0.95).toFixed(2)} ms over ${STREAM_RUNS} runs`);

  await llm.close();
  await database.dispose();
  printResult({ p50_ms: median(builds), p95_ms: percentile(builds, 0.95), first_token_overhead_ms: median(overheads), goal_p95_ms: 20, goal_overhead_ms: 30 });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
