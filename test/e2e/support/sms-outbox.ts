import fs from 'node:fs';
import path from 'node:path';

/**
 * The code the development outbox "texted" to `e164` (DATA_DIR/outbox/sms.log), waited for on the file, not
 * a fixed sleep.
 */
export async function codeTextedTo(dataDir: string, e164: string, timeoutMs = 60_000): Promise<string> {
  const file = path.join(dataDir, 'outbox', 'sms.log');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n') : [];
    const sent = lines
      .map((line) => /^\S+ sms to=(\S+) code=(\d{6})$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null && m[1] === e164);
    const last = sent.at(-1);
    if (last) return last[2];
    if (Date.now() > deadline) throw new Error(`No text to ${e164} in ${file}: ${JSON.stringify(lines)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
