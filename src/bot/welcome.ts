import type { Storage, TurnContext } from 'botbuilder';
import type { Config } from '../config';
import { renderCard } from '../cards/render';
import { firstName, isEnrolled, type StaffMember } from '../domain/staff';
import { ConcurrencyError } from '../errors';
import type { Clock } from '../ports/clock';
import type { StaffRepository } from '../ports/staff-repository';
import { setSpeaker } from '../turn/speaker';
import { common } from '../strings';
import { welcomeStatus } from '../strings/teams-app';
import { formatDate } from '../strings/dates';
import type { Command } from './feature';
import { markWelcomedThisTurn } from './turn-state';

/** The per-chat record of the "Hello again" hint. */
interface WelcomedRecord {
  welcomedAt: string;
  eTag?: string;
}

const BUTTONS = [
  { kind: 'setUp', title: common.welcome.setUp },
  { kind: 'ask', title: common.welcome.ask },
] as const;

/**
 * The short welcome on personal install or first message. Remembered on the person's staff record
 * (`welcomedAt`, claimed with a version-guarded write before the card goes out), so a reinstall, a second
 * device or a second bot instance does not repeat it, and no turn reads anything extra to know.
 */
export class Welcome {
  /** Per-person chain, so the install's installationUpdate and conversationUpdate (sent together) welcome once. */
  private readonly inProgress = new Map<string, Promise<boolean>>();

  constructor(
    private readonly deps: {
      storage: Storage;
      staff: Pick<StaffRepository, 'update' | 'findByAadObjectId'>;
      clock: Clock;
      commands: () => readonly Command[];
      config: Pick<Config, 'organisationName' | 'deadline' | 'timezone'>;
    },
  ) {}

  /** Sends the welcome unless this person has had it; returns true when it was sent now. */
  welcomeIfNew(turn: TurnContext, staff: StaffMember): Promise<boolean> {
    return this.oneAtATime(staff.aadObjectId, () => this.welcomeOnce(turn, staff));
  }

  /**
   * On install or when a chat opens: the welcome the first time; in a later new chat (another device, a fresh
   * Agents Playground chat) a one-line hint of what to type instead, once per chat. A reinstall into the
   * same chat says nothing.
   */
  greet(turn: TurnContext, staff: StaffMember): Promise<boolean> {
    return this.oneAtATime(staff.aadObjectId, async () => {
      const key = `welcome/${staff.aadObjectId}/chat/${turn.activity.conversation.id}`;
      const found = await this.deps.storage.read([key]);
      if (found[key]) return false;
      if (!(await this.welcomeOnce(turn, staff)))
        await turn.sendActivity(common.welcome.again(firstName(staff)));
      const record: WelcomedRecord = { welcomedAt: this.deps.clock.now().toISOString(), eTag: '*' };
      await this.deps.storage.write({ [key]: record });
      return true;
    });
  }

  /** Per-person chain, so turns sent together (installationUpdate and conversationUpdate) greet once. */
  private oneAtATime(id: string, work: () => Promise<boolean>): Promise<boolean> {
    const previous = this.inProgress.get(id) ?? Promise.resolve(false);
    const next = previous
      .catch(() => false)
      .then(work)
      .finally(() => {
        if (this.inProgress.get(id) === next) this.inProgress.delete(id);
      });
    this.inProgress.set(id, next);
    return next;
  }

  private async welcomeOnce(turn: TurnContext, staff: StaffMember): Promise<boolean> {
    if (staff.welcomedAt || !(await this.claim(turn, staff))) return false;
    await turn.sendActivity({ attachments: [this.card(staff)] });
    markWelcomedThisTurn(turn);
    return true;
  }

  /**
   * Records the welcome on the person before it is sent: true for exactly one of several turns racing (the
   * version guard), false when someone else already welcomed them. People welcomed before the flag lived on
   * their record have a record in the bot's storage under welcome/<id>: read once, then moved over.
   */
  private async claim(turn: TurnContext, staff: StaffMember): Promise<boolean> {
    const legacyKey = `welcome/${staff.aadObjectId}`;
    const legacy = (await this.deps.storage.read([legacyKey]))[legacyKey] !== undefined;
    const now = this.deps.clock.now();
    let current: StaffMember | null = staff;
    for (let attempt = 0; current && !current.welcomedAt && attempt < 2; attempt++) {
      try {
        const updated = await this.deps.staff.update(
          current.aadObjectId,
          current.version,
          { welcomedAt: now },
          now,
          current,
        );
        setSpeaker(turn, updated);
        return !legacy;
      } catch (e) {
        if (!(e instanceof ConcurrencyError)) throw e;
        current = await this.deps.staff.findByAadObjectId(staff.aadObjectId);
      }
    }
    if (current) setSpeaker(turn, current);
    return false;
  }

  private card(staff: StaffMember) {
    const commands = this.deps.commands();
    const buttons = BUTTONS.flatMap((b) => {
      const command = commands.find((c) => c.welcomeButton === b.kind);
      return command?.phrases[0] ? [{ title: b.title, phrase: command.phrases[0] }] : [];
    });
    const { deadline, timezone, organisationName } = this.deps.config;
    return renderCard('welcome', {
      title: common.welcome.title(firstName(staff)),
      body: common.welcome.body(organisationName),
      status: welcomeStatus(staff.mfaStatus, isEnrolled(staff)),
      deadline: deadline ? common.welcome.deadline(formatDate(deadline, timezone)) : '',
      hint: common.welcome.hint,
      buttons,
    });
  }
}
