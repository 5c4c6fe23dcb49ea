import { Writable } from 'node:stream';
import { MemoryStorage, type Activity, type Storage } from 'botbuilder';
import { EmbeddedDocumentStore } from '../../../../src/adapters/embedded/embedded-document-store';
import { DocumentConversationReferenceRepository } from '../../../../src/adapters/store/conversation-reference-repository';
import { DocumentSlotLedger } from '../../../../src/adapters/store/slot-ledger';
import { DocumentStaffRepository } from '../../../../src/adapters/store/staff-repository';
import { createBot, type BotRuntime } from '../../../../src/bot/create-bot';
import type { Feature } from '../../../../src/bot/feature';
import { createHelpFeature } from '../../../../src/bot/help-feature';
import { loadConfig, type Config } from '../../../../src/config';
import type { Role } from '../../../../src/domain/staff';
import { createLogger } from '../../../../src/logger';
import { Metrics } from '../../../../src/metrics';
import type { Clock } from '../../../../src/ports/clock';
import type { StaffRepository } from '../../../../src/ports/staff-repository';

/** Log lines captured from the bot's logger, parsed. */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      for (const line of String(chunk).split('\n').filter(Boolean)) this.lines.push(JSON.parse(line));
      done();
    },
  });
  at(level: string): Record<string, unknown>[] {
    return this.lines.filter((l) => l.level === level);
  }
  text(): string {
    return this.lines.map((l) => JSON.stringify(l)).join('\n');
  }
}

export interface Harness {
  runtime: BotRuntime;
  config: Config;
  staff: StaffRepository;
  store: EmbeddedDocumentStore;
  storage: Storage;
  logs: LogCapture;
  metrics: Metrics;
  clock: Clock & { set(d: Date): void };
  addPerson(id: string, role?: Role, displayName?: string, organisation?: string): Promise<void>;
  /** Posts an activity through the real CloudAdapter (expectReplies) and returns the replies. */
  send(
    activity: Partial<Activity>,
  ): Promise<{ status: number; activities: Partial<Activity>[]; body: unknown }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  features?: (deps: { staff: StaffRepository }) => Feature[];
  /** Wraps the staff repository (e.g. to make it fail like a database that went away). */
  wrapStaff?: (inner: StaffRepository) => StaffRepository;
  storage?: Storage;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'debug', ...options.env });
  const logs = new LogCapture();
  const logger = createLogger({ level: 'debug', destination: logs.stream });
  const metrics = new Metrics();
  const store = new EmbeddedDocumentStore({ inMemory: true });
  const realStaff = new DocumentStaffRepository(store);
  const staff = options.wrapStaff ? options.wrapStaff(realStaff) : realStaff;
  let now = new Date('2026-11-02T09:00:00Z');
  const clock = { now: () => now, set: (d: Date) => (now = d) };
  const storage = options.storage ?? new MemoryStorage();
  const extra = options.features?.({ staff }) ?? [];
  const help = createHelpFeature({ features: () => features, config });
  const features: Feature[] = [help, ...extra];
  const runtime = createBot({
    config,
    logger,
    metrics,
    clock,
    storage,
    staff,
    conversations: new DocumentConversationReferenceRepository(store),
    commandLedger: new DocumentSlotLedger(store),
    features,
    showHelp: (req) => help.showHelp(req),
  });

  return {
    runtime,
    config,
    staff,
    store,
    storage,
    logs,
    metrics,
    clock,
    async addPerson(id, role = 'staff', displayName = 'Alex Example', organisation = 'Org A') {
      await realStaff.upsertFromDirectory(
        {
          aadObjectId: id,
          upn: `${id}@example.org`,
          displayName,
          organisation,
          orgUnit: 'Unit 1',
          role,
          atp: false,
        },
        now,
      );
    },
    async send(activity) {
      let status = 0;
      let body: unknown;
      const res = {
        status: (code: number) => {
          status = code;
        },
        send: (b: unknown) => {
          body = b;
        },
        header: () => undefined,
        end: () => undefined,
      };
      const req = { method: 'POST', headers: {}, body: activity };
      await runtime.adapter.process(req, res as never, (turn) => runtime.bot.run(turn));
      const activities = (
        (body as { activities?: Partial<Activity>[] } | undefined)?.activities ?? []
      ).filter((a) => a.type !== 'typing');
      return { status, activities, body };
    },
    close: () => store.close(),
  };
}

let counter = 0;

/** A personal-chat message from `aadObjectId`, replies expected in the response. */
export function message(
  text: string,
  aadObjectId: string | undefined,
  extra: Partial<Activity> = {},
): Partial<Activity> {
  counter += 1;
  return {
    type: 'message',
    id: `m${counter}`,
    text,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    deliveryMode: 'expectReplies',
    conversation: {
      id: `personal-${aadObjectId ?? 'none'}`,
      conversationType: 'personal',
      isGroup: false,
      tenantId: 'tenant-a',
      name: '',
    },
    from: aadObjectId ? { id: `29:${aadObjectId}`, name: 'Someone', aadObjectId } : undefined,
    recipient: { id: '28:bot', name: 'MFA bot' },
    ...extra,
  };
}

/** Texts of the replies (cards count as their JSON, so tests can look inside). */
export function texts(activities: Partial<Activity>[]): string[] {
  return activities.map((a) => a.text ?? JSON.stringify(a.attachments ?? []));
}
