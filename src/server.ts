/**
 * Entry point of `npm start` (bundled to dist/server.mjs) and `npm run dev`. The server module is imported
 * dynamically so that a configuration error, thrown while src/env.ts loads, is reported as a plain message.
 */
async function boot(): Promise<void> {
  const { startServer } = await import("./server/start-server");
  await startServer();
}

boot().catch((error: unknown) => {
  if (error instanceof Error && error.name === "EnvError") {
    // A configuration problem is the operator's to fix: say exactly what, without a stack trace.
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Coterie failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
