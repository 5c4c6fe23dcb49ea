import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity, Attachment, Middleware } from 'botbuilder';
import { ConversationState, MemoryStorage } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { generateSync } from 'otplib';
import { EnrolmentDialog } from '../../../dialogs/enrolment-dialog';
import type { FaqAnswerer } from '../../../dialogs/enrolment-context';
import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { DocumentAuditLog } from '../../../src/adapters/store/audit-log';
import { DocumentStaffRepository } from '../../../src/adapters/store/staff-repository';
import { DocumentTicketRepository } from '../../../src/adapters/store/ticket-repository';
import { TicketService } from '../../../src/services/tickets/ticket-service';
import { buildEnrolment, type EnrolmentWiring } from '../../../src/composition/enrolment';
import type { EnrolmentDeps } from '../../../dialogs/enrolment-context';
import type { EntraCheckWorker } from '../../../src/services/entra/entra-check-worker';
import type { AuthenticationMethodsGateway } from '../../../src/ports/authentication-methods';
import type { Messenger } from '../../../src/ports/messenger';
import { normaliseText } from '../../../src/turn/normalise-text';
import { setSpeaker, setTurnText } from '../../../src/turn/speaker';
import { loadConfig } from '../../../src/config';
import type { PhoneChannel } from '../../../src/domain/enrolment';
import type { DocumentStore } from '../../../src/ports/document-store';
import type { CodeMessage, Notifier } from '../../../src/ports/notifier';

export const START = new Date('2026-11-23T10:00:00Z');
export const USER = { aadObjectId: '11111111-1111-1111-1111-111111111111', upn: 'alex.smith@example.org' };

export class FakeClock {
  constructor(public current: Date = START) {}
  now = (): Date => new Date(this.current.getTime());
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Records codes instead of sending them (a test double for the SMS/voice provider). */
export class RecordingNotifier implements Notifier {
  readonly sent: CodeMessage[] = [];
  constructor(readonly channels: readonly PhoneChannel[] = ['sms', 'voice']) {}
  sendCode(message: CodeMessage): Promise<void> {
    this.sent.push(message);
    return Promise.resolve();
  }
  get lastCode(): string {
    const last = this.sent[this.sent.length - 1];
    if (!last) throw new Error('no code was sent');
    return last.code;
  }
}

export const testConfig = (dataDir: string): EnrolmentWiring['config'] => ({
  organisationName: 'Example NHS Trust',
  helpdeskEmail: 'helpdesk@example.org',
  timezone: 'Europe/London',
  otp: { maxAttempts: 5, lockoutMinutes: 15 },
  encryptionKey: Buffer.alloc(32, 7),
  previousEncryptionKeys: [],
  env: 'test',
  dataDir,
  notify: undefined,
  learnMoreUrl: undefined,
  enrolment: { ...loadConfig({}).enrolment, confirmIntervalMs: 0 },
});

export interface World {
  store: DocumentStore;
  clock: FakeClock;
  notifier: RecordingNotifier;
  staff: DocumentStaffRepository;
  audit: DocumentAuditLog;
  tickets: TicketService;
  services: EnrolmentDeps;
  /** Entra mode only: the background re-check. */
  checks?: EntraCheckWorker;
  dialog: EnrolmentDialog;
}

/** A bot "instance": services over a store (a fresh in-memory one unless given, to share between instances). */
export async function makeWorld(
  options: {
    store?: DocumentStore;
    /** Add the test user to the directory (default: only when the store is a new one). */
    seed?: boolean;
    clock?: FakeClock;
    faq?: FaqAnswerer;
    notifier?: RecordingNotifier;
    /** Entra mode: Microsoft Graph's authentication methods (the adapter over the Graph stub). */
    gateway?: AuthenticationMethodsGateway;
    messenger?: Messenger;
    enrolment?: Partial<EnrolmentWiring['config']['enrolment']>;
    role?: 'staff' | 'helpdesk' | 'localAdmin' | 'globalAdmin';
    logger?: EnrolmentWiring['logger'];
    isInGroup?: EnrolmentWiring['isInGroup'];
  } = {},
): Promise<World> {
  const store = options.store ?? new EmbeddedDocumentStore({ inMemory: true });
  const clock = options.clock ?? new FakeClock();
  const notifier = options.notifier ?? new RecordingNotifier();
  const staff = new DocumentStaffRepository(store);
  const audit = new DocumentAuditLog(store);
  if (options.seed ?? !options.store) {
    await staff.upsertFromDirectory(
      {
        ...USER,
        displayName: 'Alex Smith',
        organisation: 'Example NHS Trust',
        orgUnit: 'Wards',
        role: options.role ?? 'staff',
        atp: false,
      },
      clock.now(),
    );
  }
  const tickets = new TicketService({
    tickets: new DocumentTicketRepository(store),
    messenger: {
      sendToUser: () => Promise.resolve('sent'),
      sendToConversation: () => Promise.resolve('sent'),
    },
    clock,
    audit,
    presenter: { helpdeskCard: (t) => `ticket ${t.ref}` },
  });
  const config = testConfig(mkdtempSync(join(tmpdir(), 'enrolment-')));
  const built = buildEnrolment({
    config: {
      ...config,
      enrolment: { ...config.enrolment, mode: options.gateway ? 'entra' : 'practice', ...options.enrolment },
    },
    store,
    staff,
    audit,
    clock,
    logger: options.logger ?? { info: () => undefined, warn: () => undefined, error: () => undefined },
    notifier,
    faq: options.faq,
    tickets,
    gateway: options.gateway,
    isInGroup: options.isInGroup,
    messenger: options.messenger,
    sleep: () => Promise.resolve(),
  });
  await built.announce();
  const services = built.deps;
  return {
    store,
    clock,
    notifier,
    staff,
    audit,
    tickets,
    services,
    checks: built.checks,
    dialog: new EnrolmentDialog(services),
  };
}

/**
 * What the bot's middleware does before a dialog runs, as in Teams: the user is always
 * activity.from.aadObjectId, resolved to their staff record, and the text is normalised.
 */
function asUser(staff: DocumentStaffRepository): Middleware {
  return {
    onTurn: async (turn, next) => {
      turn.activity.from = { ...turn.activity.from, aadObjectId: USER.aadObjectId };
      turn.activity.conversation = { ...turn.activity.conversation, conversationType: 'personal' };
      const person = await staff.findByAadObjectId(USER.aadObjectId);
      if (person) setSpeaker(turn, person);
      setTurnText(turn, normaliseText(turn.activity.text));
      await next();
    },
  };
}

/** A chat with the enrolment dialog; a new Chat on the same World is a bot restart (dialog state lost). */
export class Chat {
  readonly client: DialogTestClient;
  constructor(world: World, options?: { withInput?: boolean }) {
    this.client = new DialogTestClient(
      'msteams',
      world.dialog,
      options,
      [asUser(world.staff)],
      new ConversationState(new MemoryStorage()),
    );
  }

  /** Sends text (or a card submit value) and returns every reply. */
  async say(input: string | { value: Record<string, unknown> }): Promise<Partial<Activity>[]> {
    const activity: Partial<Activity> =
      typeof input === 'string' ? { type: 'message', text: input } : { type: 'message', value: input.value };
    const replies: Partial<Activity>[] = [];
    let reply = await this.client.sendActivity(activity);
    while (reply) {
      replies.push(reply);
      reply = this.client.getNextReply();
    }
    return replies;
  }

  async submitCode(code: string): Promise<Partial<Activity>[]> {
    return this.say({ value: { action: 'enrolment.submit', code } });
  }
}

export type Json = Record<string, unknown>;

export function cards(replies: Partial<Activity>[]): Json[] {
  return replies.flatMap((r) => (r.attachments ?? []).map((a: Attachment) => a.content as Json));
}

/** Everything a person would read: message text and every string in the cards. */
export function readAll(replies: Partial<Activity>[]): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') texts.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  for (const r of replies) {
    if (r.text) texts.push(r.text);
    walk(r.attachments?.map((a) => a.content));
  }
  return texts.join('\n');
}

/** The manual key shown on the register card (monospace text block), without spaces. */
export function manualKeyIn(replies: Partial<Activity>[]): string | undefined {
  let key: string | undefined;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Json;
      if (o.type === 'TextBlock' && o.fontType === 'Monospace' && typeof o.text === 'string') key = o.text;
      Object.values(o).forEach(walk);
    }
  };
  walk(cards(replies));
  return key?.replace(/\s/g, '');
}

/** The code the person's authenticator app shows at `at` (their phone's clock). */
export function appCode(secret: string, at: Date): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

/** Walks a fresh chat from "set up" to the register card and returns the secret it showed. */
export async function reachRegister(chat: Chat, device: 'Work phone' | 'Personal phone' = 'Work phone') {
  await chat.say('set up');
  await chat.say("Let's start");
  await chat.say(device);
  const replies = await chat.say("I've installed it");
  const secret = manualKeyIn(replies);
  if (!secret) throw new Error(`no manual key on the register card: ${readAll(replies)}`);
  return { secret, replies };
}
