import { startEchoBot, type RunningServer } from './baseline-echo-bot';

/**
 * Child process for the turn benchmarks (forked by bench/turns.ts, so the load generator and the server do
 * not share an event loop): `echo` starts the baseline echo bot, `bot` starts our bot through createApp
 * with the settings in its environment (DATA_DIR or MONGODB_URL). Reports { port, startupMs } over IPC
 * once listening, where startupMs counts from process start; stops when the parent disconnects.
 */
async function start(kind: string): Promise<RunningServer & { metricsPort?: number }> {
  if (kind === 'echo') return startEchoBot();
  // Loaded only for the bot, so the echo baseline's start-up and memory do not include our code.
  const { createApp } = await import('../src/app');
  const { loadConfig } = await import('../src/config');
  // /metrics is served on a port of its own (METRICS_PORT): the bench reads store round trips there.
  const config = loadConfig({ ...process.env, HOST: '127.0.0.1', PORT: '3978', METRICS_PORT: '0' });
  const app = await createApp(config);
  const address = await app.listen(0);
  return { port: address.port, metricsPort: app.metricsAddress()?.port, close: () => app.close() };
}

async function main(): Promise<void> {
  const server = await start(process.argv[2] ?? 'bot');
  process.send?.({ port: server.port, metricsPort: server.metricsPort, startupMs: performance.now() });
  process.once('disconnect', () => {
    // Idle keep-alive connections would hold a graceful close open: give it a moment, then exit.
    const cap = new Promise((resolve) => setTimeout(resolve, 3_000));
    void Promise.race([server.close(), cap]).finally(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
