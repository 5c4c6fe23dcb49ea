import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { tempDataDir } from '../support/app-under-test';
import { startBot, kill9, type BotProcess } from './support/bot-process';

jest.setTimeout(300_000);

const THROW_ON_SIGNAL = path.join(__dirname, 'support', 'throw-on-signal.js');

function env(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return { NODE_ENV: 'test', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...extra };
}

async function postRaw(base: string, body: Buffer, encoding: string): Promise<number> {
  const res = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-encoding': encoding },
    body,
  });
  await res.text();
  return res.status;
}

function exited(bot: BotProcess, withinMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (bot.child.exitCode !== null) return resolve(bot.child.exitCode);
    const timer = setTimeout(() => reject(new Error(`bot still running: ${bot.output()}`)), withinMs);
    bot.child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

function fatalLines(output: string): { level: string; msg: string; err?: { message?: string } }[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level: string; msg: string; err?: { message?: string } })
    .filter((l) => l.level === 'fatal');
}

describe('the bot process under compressed bodies and fatal errors', () => {
  const data = tempDataDir();
  afterAll(() => data.remove());

  it('when POST /api/messages carries Content-Encoding gzip (a broken body, one byte, or a bomb), then it gets 415 and the bot keeps running', async () => {
    const bot = await startBot(env(data.dir));
    try {
      const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20)); // 50 MB of spaces, ~50 KB compressed
      expect(await postRaw(bot.baseUrl, Buffer.from('{"type":"message"}'), 'gzip')).toBe(415);
      expect(await postRaw(bot.baseUrl, Buffer.from('x'), 'gzip')).toBe(415);
      expect(await postRaw(bot.baseUrl, Buffer.from('x'), 'deflate')).toBe(415);
      expect(await postRaw(bot.baseUrl, Buffer.from('x'), 'br')).toBe(415);
      expect(await postRaw(bot.baseUrl, bomb, 'gzip')).toBe(415);
      // identity is plain JSON: parsed as usual (not an activity -> 400)
      expect(await postRaw(bot.baseUrl, Buffer.from('{"no":"type"}'), 'identity')).toBe(400);
      const health = await fetch(`${bot.baseUrl}/healthz`);
      expect(health.status).toBe(200);
      expect(bot.child.exitCode).toBeNull();
    } finally {
      await kill9(bot);
    }
  });

  it.each([
    ['an uncaught exception', 'exception'],
    ['an unhandled rejection', 'rejection'],
  ])(
    'when %s reaches the process, then it logs one fatal line and exits with code 1',
    async (_name, kind) => {
      const bot = await startBot(env(data.dir, { FAULT_KIND: kind }), [THROW_ON_SIGNAL]);
      try {
        bot.child.kill('SIGUSR2');
        expect(await exited(bot, 60_000)).toBe(1);
        const fatal = fatalLines(bot.output());
        expect(fatal).toHaveLength(1);
        expect(fatal[0]?.err?.message).toContain('test fault');
      } finally {
        await kill9(bot);
      }
    },
  );
});
