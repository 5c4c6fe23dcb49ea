import pino from 'pino';
import { Registry } from 'prom-client';
import { DocumentCampaignRepository } from '../../../../src/adapters/store/campaign-repository';
import { DocumentConversationReferenceRepository } from '../../../../src/adapters/store/conversation-reference-repository';
import { DocumentOutboxRepository } from '../../../../src/adapters/store/outbox-repository';
import { DocumentSlotLedger } from '../../../../src/adapters/store/slot-ledger';
import { DocumentStaffRepository } from '../../../../src/adapters/store/staff-repository';
import { BotConnectorTransport } from '../../../../src/adapters/teams/bot-connector-transport';
import { ProactiveSender } from '../../../../src/adapters/teams/proactive-sender';
import { SendRateLimiter } from '../../../../src/adapters/teams/send-rate-limiter';
import { SenderThread } from '../../../../src/adapters/teams/sender-thread';
import { TeamsMessenger } from '../../../../src/adapters/teams/teams-messenger';
import { createAdapter } from '../../../../src/bot/adapter';
import { createReminderComposer } from '../../../../src/bot/features/campaigns/reminder-card';
import { DEFAULT_OFFSETS_DAYS, DEFAULT_SENDING_WINDOW } from '../../../../src/domain/campaign-schedule';
import type { Role, StaffMember } from '../../../../src/domain/staff';
import type { Clock } from '../../../../src/ports/clock';
import type { DocumentStore } from '../../../../src/ports/document-store';
import type { Messenger } from '../../../../src/ports/messenger';
import type { OutboxRecord } from '../../../../src/ports/outbox-repository';
import type { StaffRepository } from '../../../../src/ports/staff-repository';
import { CampaignAdminService } from '../../../../src/services/campaigns/campaign-admin-service';
import { createReminderCounter } from '../../../../src/services/campaigns/campaign-metrics';
import { CampaignPlanner } from '../../../../src/services/campaigns/campaign-planner';
import { DeadlineSummary } from '../../../../src/services/campaigns/deadline-summary';
import { ReminderDispatcher } from '../../../../src/services/campaigns/reminder-dispatcher';
import { SnoozeService } from '../../../../src/services/campaigns/snooze-service';
import type { EmailFallback } from '../../../../src/services/campaigns/email-fallback';
import type { TeamsReach } from '../../../../src/services/reach/teams-reach';
import { StubBotConnector } from '../../../support/stub-bot-connector';

export const TZ = 'Europe/London';

/** A clock the test moves by hand. */
export class MutableClock implements Clock {
  constructor(private t: Date) {}
  now(): Date {
    return new Date(this.t);
  }
  set(t: Date): void {
    this.t = new Date(t);
  }
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
}

export interface PersonSpec {
  id: string;
  organisation: string;
  orgUnit?: string;
  role?: Role;
  /** Has chatted with the bot (a stored conversation reference). Default true. */
  reference?: boolean;
  enrolled?: boolean;
  exception?: boolean;
}

/** Everything a campaign needs, over one DocumentStore, sending to a stub Bot Connector on 127.0.0.1. */
export class CampaignHarness {
  readonly staff: DocumentStaffRepository;
  readonly refs: DocumentConversationReferenceRepository;
  readonly campaigns: DocumentCampaignRepository;
  readonly outbox: DocumentOutboxRepository;
  readonly stub: StubBotConnector;
  private ownsStub: boolean;
  readonly registry = new Registry();
  readonly limiter: SendRateLimiter;
  readonly thread?: SenderThread;
  readonly messenger: Messenger;
  readonly admin: CampaignAdminService;
  readonly snoozes: SnoozeService;
  readonly planner: CampaignPlanner;
  readonly summary: DeadlineSummary;
  serviceUrl = '';

  constructor(
    readonly store: DocumentStore,
    readonly clock: MutableClock,
    shared?: CampaignHarness,
    /** The tenant's sends a second (TEAMS_SEND_RATE_PER_SECOND), shared by every instance over `store`. */
    ratePerSecond = 50,
    /** Each instance's HTTP calls on a sender thread of its own, as the product does (TEAMS_SEND_THREAD). */
    readonly senderThread = false,
  ) {
    // Instances in one process share its sender thread (a process has one).
    this.thread = senderThread ? (shared?.thread ?? new SenderThread()) : undefined;
    this.limiter = new SendRateLimiter({
      ratePerSecond,
      ledger: new DocumentSlotLedger(store),
      ...(this.thread ? { thread: this.thread } : {}),
    });
    this.stub = shared?.stub ?? new StubBotConnector();
    this.ownsStub = shared === undefined;
    this.serviceUrl = shared?.serviceUrl ?? '';
    this.staff = new DocumentStaffRepository(store);
    this.refs = new DocumentConversationReferenceRepository(store);
    this.campaigns = new DocumentCampaignRepository(store);
    this.outbox = new DocumentOutboxRepository(store);
    // The product's adapter (auth off, as in local runs): it reuses connector clients between sends.
    const adapter = createAdapter(
      { app: { id: '', password: '', tenantId: '', type: 'MultiTenant' }, authEnabled: false },
      pino({ level: 'silent' }),
    );
    const sender = new ProactiveSender(new BotConnectorTransport(adapter, ''), this.limiter, {
      maxAttempts: 4,
      baseDelayMs: 5,
      maxDelayMs: 40,
      maxRetryAfterMs: 60_000,
    });
    this.messenger = new TeamsMessenger(this.refs, sender, clock);
    const common = { campaigns: this.campaigns, outbox: this.outbox, staff: this.staff, clock, timezone: TZ };
    this.admin = new CampaignAdminService({
      ...common,
      defaults: { sendWindow: DEFAULT_SENDING_WINDOW, offsetsDays: [...DEFAULT_OFFSETS_DAYS] },
    });
    this.snoozes = new SnoozeService(common);
    this.summary = new DeadlineSummary({ ...common, messenger: this.messenger });
    this.planner = new CampaignPlanner({
      ...common,
      onFinished: async (c) => void (await this.summary.send(c)),
    });
  }

  /** `connectorUrl`: send to a connector started elsewhere (the bench's, on a thread of its own), not to `stub`. */
  async start(connectorUrl?: string): Promise<this> {
    if (connectorUrl) {
      this.ownsStub = false;
      this.serviceUrl = connectorUrl;
    } else if (this.ownsStub) this.serviceUrl = await this.stub.start();
    return this;
  }

  /** A second "instance" over another store connection, sending to the same stub connector. */
  attach(store: DocumentStore, ratePerSecond = 50): CampaignHarness {
    return new CampaignHarness(store, this.clock, this, ratePerSecond, this.senderThread);
  }

  async close(): Promise<void> {
    await this.limiter.stop();
    if (this.ownsStub) await this.stub.stop();
  }

  dispatcher(
    workerId: string,
    options: {
      messenger?: Messenger;
      batchSize?: number;
      leaseMs?: number;
      staff?: StaffRepository;
      reach?: TeamsReach;
      email?: EmailFallback;
    } = {},
  ): ReminderDispatcher {
    return new ReminderDispatcher({
      campaigns: this.campaigns,
      outbox: this.outbox,
      staff: options.staff ?? this.staff,
      messenger: options.messenger ?? this.messenger,
      compose: createReminderComposer({ timezone: TZ, organisationName: 'Example NHS Trust' }),
      clock: this.clock,
      timezone: TZ,
      workerId,
      leaseMs: options.leaseMs ?? 60_000,
      batchSize: options.batchSize ?? 500,
      counter: createReminderCounter(this.registry),
      reach: options.reach,
      email: options.email,
    });
  }

  conversationOf(id: string): string {
    return `a:conv-${id}`;
  }

  async addPerson(p: PersonSpec): Promise<StaffMember> {
    const now = this.clock.now();
    await this.staff.upsertFromDirectory(
      {
        aadObjectId: p.id,
        upn: `${p.id}@example.nhs.uk`,
        displayName: `Person ${p.id}`,
        organisation: p.organisation,
        orgUnit: p.orgUnit ?? 'Main',
        role: p.role ?? 'staff',
        atp: false,
      },
      now,
    );
    let s = (await this.staff.findByAadObjectId(p.id)) as StaffMember;
    if (p.enrolled) s = await this.enrol(p.id);
    if (p.exception) s = await this.except(p.id);
    if (p.reference !== false) {
      await this.refs.save(
        p.id,
        't1',
        {
          serviceUrl: this.serviceUrl,
          channelId: 'msteams',
          conversation: {
            id: this.conversationOf(p.id),
            conversationType: 'personal',
            isGroup: false,
            name: '',
            tenantId: 't1',
          },
          bot: { id: '28:bot', name: 'MFA bot' },
          user: { id: `29:${p.id}`, name: `Person ${p.id}`, aadObjectId: p.id },
        },
        now,
      );
    }
    return s;
  }

  async enrol(id: string): Promise<StaffMember> {
    const s = (await this.staff.findByAadObjectId(id)) as StaffMember;
    const now = this.clock.now();
    return this.staff.update(
      id,
      s.version,
      { methods: ['PhoneAppNotification'], registeredAt: now, enrolment: { step: 'done', completedAt: now } },
      now,
    );
  }

  async except(id: string): Promise<StaffMember> {
    const s = (await this.staff.findByAadObjectId(id)) as StaffMember;
    const now = this.clock.now();
    const exception = {
      kind: '180d' as const,
      grantedAt: now,
      expiresAt: new Date(now.getTime() + 180 * 86_400_000),
      reason: 'test',
      grantedBy: 'admin',
    };
    return this.staff.update(id, s.version, { exception }, now);
  }

  async records(campaignId: string): Promise<OutboxRecord[]> {
    const out: OutboxRecord[] = [];
    for await (const r of this.outbox.stream(campaignId)) out.push(r);
    return out;
  }

  /** Messages the stub accepted, per conversation. */
  deliveries(): Map<string, number> {
    const m = new Map<string, number>();
    for (const a of this.stub.accepted) m.set(a.conversationId, (m.get(a.conversationId) ?? 0) + 1);
    return m;
  }
}

export function globalAdmin(): StaffMember {
  return adminOf('globalAdmin', 'Trust A', 'admin-g');
}

export function adminOf(role: Role, organisation: string, id = `admin-${organisation}`): StaffMember {
  const now = new Date('2026-11-01T00:00:00Z');
  return {
    aadObjectId: id,
    upn: `${id}@example.nhs.uk`,
    displayName: 'An Admin',
    organisation,
    orgUnit: 'IT',
    role,
    atp: false,
    mfa: { enabled: true, by: 'default' },
    compromised: false,
    mfaStatus: 'MFA Enforced Admin Role',
    methods: ['PhoneAppNotification'],
    enrolment: { step: 'done' },
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}
