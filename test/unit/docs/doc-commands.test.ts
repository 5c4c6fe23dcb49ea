import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { DocumentStaffRepository } from '../../../src/adapters/store/staff-repository';
import { createApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { DirectoryImporter } from '../../../src/services/directory-import/directory-importer';
import { REFUSAL, staffStatusHint } from '../../../src/strings/admin';

/**
 * Every chat command the documentation shows works on the sample directory (test/fixtures/staff.csv), typed
 * by a sample person with the role the documentation gives. The convention (docs/try-it.md, "Chat commands
 * in the documentation") that marks what is run:
 *  - a fenced block whose info string is `text chat`, optionally `as=<role>` (default globalAdmin) and
 *    `refused` (the text says these are refused): one command per line, `#` lines are comments;
 *  - in a Markdown table, every `code span` in a column headed `Example` (run as globalAdmin).
 * Read from README.md (whatever it holds at the time) and docs/*.md, in file order, in one bot, so a block
 * may rely on an earlier one (grant an exception, then revoke it).
 */
const ROOT = path.resolve(__dirname, '../../..');
const SAMPLE = path.join(ROOT, 'test/fixtures/staff.csv');
const ROLES = {
  globalAdmin: '00000000-0000-0000-0000-0000000000020', // Alex Wilber
  localAdmin: '00000000-0000-0000-0000-0000000000021', // Megan Bowen, Northbridge Valley NHS Trust
  helpdesk: '00000000-0000-0000-0000-0000000000022', // Adele Vance
  staff: '00000000-0000-0000-0000-0000000000023', // Isaiah Langer
} as const;
type Role = keyof typeof ROLES;

interface DocCommand {
  file: string;
  line: number;
  text: string;
  role: Role;
  refused: boolean;
  block: string;
}

/** Replies that mean the example did not work on the sample data. */
const NOT_FOUND = [
  /couldn't find/i,
  /no one (in your scope )?matches/i,
  /I don't know an organisation/i,
  /could be \*\*/,
];
const REFUSED = [...Object.values(REFUSAL), staffStatusHint, /^Sorry\b/];

export function docCommands(file: string, markdown: string): DocCommand[] {
  const out: DocCommand[] = [];
  const lines = markdown.split('\n');
  let fence: { role: Role; refused: boolean; block: string } | undefined;
  /** The backticks that opened the current fenced block (it closes with as many, alone on a line). */
  let fenceMarker: string | undefined;
  let exampleColumn = -1;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const marker = /^`{3,}/.exec(line)?.[0];
    if (fenceMarker !== undefined) {
      if (marker !== undefined && marker.length >= fenceMarker.length && line === marker) {
        fence = undefined;
        fenceMarker = undefined;
        return;
      }
    } else if (marker !== undefined) {
      fenceMarker = marker;
      const info = line.slice(marker.length).trim().split(/\s+/);
      if (info[0] === 'text' && info[1] === 'chat') {
        const as = info.find((w) => w.startsWith('as='))?.slice(3) ?? 'globalAdmin';
        if (!(as in ROLES))
          throw new Error(`${file}:${i + 1}: unknown role ${as} (use ${Object.keys(ROLES).join(', ')})`);
        fence = { role: as as Role, refused: info.includes('refused'), block: `${file}:${i + 1}` };
      }
      return;
    }
    if (fence) {
      if (line && !line.startsWith('#')) out.push({ file, line: i + 1, text: line, ...fence });
      return;
    }
    if (fenceMarker !== undefined) return;
    if (!line.startsWith('|')) {
      exampleColumn = -1;
      return;
    }
    const cells = line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim());
    if (exampleColumn < 0) {
      exampleColumn = cells.indexOf('Example');
      return;
    }
    for (const m of (cells[exampleColumn] ?? '').matchAll(/`([^`]+)`/g))
      out.push({
        file,
        line: i + 1,
        text: m[1].replace(/\\\|/g, '|'),
        role: 'globalAdmin',
        refused: false,
        block: `${file}:${i + 1}`,
      });
  });
  return out;
}

function documentedCommands(): DocCommand[] {
  const files = [
    ...(existsSync(path.join(ROOT, 'README.md')) ? ['README.md'] : []),
    ...readdirSync(path.join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => `docs/${f}`),
  ];
  return files.flatMap((f) => docCommands(f, readFileSync(path.join(ROOT, f), 'utf8')));
}

describe('the convention that marks chat commands in the documentation', () => {
  it('when a doc has a text chat block and an Example column, then both are read, with the role and refusals', () => {
    const md = [
      '```text chat as=localAdmin',
      '# a comment',
      'report --org north',
      '```',
      '```text',
      'status not-run@example.com',
      '```',
      '```text chat as=staff refused',
      'status isaiah@example.com',
      '```',
      '| Command | Example | What happens |',
      '| --- | --- | --- |',
      '| `status <user>` | `status isaiah@example.com` | A card |',
      '| `bulk enable\\|disable` | `bulk enable isaiah@example.com` | Preview |',
      '',
      '````markdown',
      '```text chat',
      'shown-not-run',
      '```',
      '````',
    ].join('\n');
    expect(docCommands('x.md', md).map(({ text, role, refused }) => [text, role, refused])).toEqual([
      ['report --org north', 'localAdmin', false],
      ['status isaiah@example.com', 'staff', true],
      ['status isaiah@example.com', 'globalAdmin', false],
      ['bulk enable isaiah@example.com', 'globalAdmin', false],
    ]);
  });
});

describe('every chat command shown in README.md and docs/*.md works on the sample directory', () => {
  let app: App;
  const commands = documentedCommands();

  beforeAll(async () => {
    const store = new EmbeddedDocumentStore({ inMemory: true });
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MFA_DEADLINE: '2027-03-31T17:00:00' });
    app = await createApp(config, { store });
    await new DirectoryImporter(new DocumentStaffRepository(store), { now: () => new Date() }).importFile(
      SAMPLE,
    );
  }, 60_000);
  afterAll(() => app.close());

  async function say(c: DocCommand): Promise<string> {
    let body: { activities?: { text?: string; attachments?: unknown }[] } | undefined;
    const res = {
      status: () => undefined,
      send: (b: typeof body) => void (body = b),
      header: () => undefined,
      end: () => undefined,
    };
    const activity = {
      type: 'message',
      text: c.text,
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      deliveryMode: 'expectReplies',
      // One chat per block and role: a flow one block starts does not swallow the next block's commands.
      conversation: { id: `docs ${c.block} ${c.role}`, conversationType: 'personal', tenantId: 't' },
      from: { id: `29:${c.role}`, aadObjectId: ROLES[c.role] },
      recipient: { id: '28:bot' },
    };
    await app.adapter.process({ method: 'POST', headers: {}, body: activity }, res as never, (turn) =>
      app.bot.run(turn),
    );
    return (body?.activities ?? []).map((a) => a.text ?? JSON.stringify(a.attachments ?? '')).join('\n');
  }

  it('when the documentation is read, then it shows chat commands to check', () => {
    expect(commands.length).toBeGreaterThan(10);
  });

  it('when each is typed by a sample person of its role, then none answers "not found" and only those the doc says are refused are refused', async () => {
    const problems: string[] = [];
    for (const c of commands) {
      const reply = await say(c);
      const where = `${c.file}:${c.line} (${c.role}) "${c.text}"`;
      // Someone outside a local admin's organisation is "not found" on purpose (no existence leak): in a
      // block the doc says is refused, that answer is the refusal.
      const notFound = NOT_FOUND.find((p) => p.test(reply));
      const refused =
        REFUSED.some((r) => (typeof r === 'string' ? reply.includes(r) : r.test(reply))) ||
        (c.refused && notFound !== undefined);
      if (notFound && !c.refused) problems.push(`${where}: ${reply.slice(0, 200)}`);
      else if (refused && !c.refused) problems.push(`${where} was refused: ${reply.slice(0, 200)}`);
      else if (!refused && c.refused)
        problems.push(`${where} should be refused, got: ${reply.slice(0, 200)}`);
      else if (reply.trim() === '') problems.push(`${where}: no answer`);
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
