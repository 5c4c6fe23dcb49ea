import type { ConversationReference } from 'botbuilder';
import type { Logger } from '../../logger';
import type { Clock } from '../../ports/clock';
import type { ConversationReferenceRepository } from '../../ports/conversation-reference-repository';
import type { TeamsAppInstaller } from '../../ports/teams-app-installer';
import type { TeamsInstallRepository } from '../../ports/teams-install-repository';

/**
 * 'ready': a conversation is stored and can be sent to ('already': the app was there before the bot
 * installed it; 'installed': the bot installed it). 'not-on-teams': Graph said 404/403. 'failed': try later.
 */
export type ReachResult =
  | { kind: 'ready'; via: 'already' | 'installed' }
  | { kind: 'not-on-teams'; reason: string }
  | { kind: 'failed'; reason: string }
  /** Another worker began an install for this person less than `staleMs` ago: try again later. */
  | { kind: 'busy' };

export interface TeamsReachDeps {
  installer: TeamsAppInstaller;
  installs: TeamsInstallRepository;
  conversations: ConversationReferenceRepository;
  clock: Clock;
  /** The tenant whose people are installed for (conversation references carry it). */
  tenantId: string;
  /** The bot's channel account id, 28:<app id>. */
  botId: string;
  /** TEAMS_SERVICE_URL: used when no stored conversation of the tenant shows Teams' own. */
  defaultServiceUrl: string;
  /** Install requests per person, in all (bounded: default 3). */
  maxAttempts?: number;
  /**
   * An install begun longer ago than this by a worker that did not finish is looked up and tried again: the
   * campaign lease (CAMPAIGN_LEASE_MS), since only a worker holding a reminder's lease installs for its person.
   */
  staleMs?: number;
  /** "Not on Teams" is asked again after this long (a licence may have been given). Default one day. */
  recheckNotOnTeamsMs?: number;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

/**
 * Gets a conversation for someone the bot cannot message yet: installs its Teams app for them through
 * Graph (TeamsAppInstaller) and stores a conversation reference built from the installation's chat id, the
 * tenant id and the service URL. Whichever comes first is kept: Teams' own conversationUpdate (captured by
 * the bot) or the reference built here, so a person has one conversation, never two. The install is begun
 * in the person's install record before Graph is called, so a worker that takes over after a crash looks
 * the installation up instead of posting it again.
 */
export class TeamsReach {
  private learntServiceUrl?: string;

  constructor(private readonly deps: TeamsReachDeps) {}

  /**
   * `replaceDead`: the stored conversation answered 403/404 (self-healing): install again (or find the
   * installation) and replace it.
   */
  async ensureConversation(
    aadObjectId: string,
    options: { replaceDead?: boolean } = {},
  ): Promise<ReachResult> {
    const { installs, clock } = this.deps;
    const replace = options.replaceDead === true;
    const stored = await this.deps.conversations.get(aadObjectId);
    if (stored && !stored.unreachableSince && !replace) return { kind: 'ready', via: 'already' };
    const record = await installs.get(aadObjectId);
    const now = clock.now();
    if (record?.state === 'not-on-teams' && !replace) {
      const recheck = this.deps.recheckNotOnTeamsMs ?? 86_400_000;
      if (now.getTime() - record.updatedAt.getTime() < recheck)
        return { kind: 'not-on-teams', reason: record.reason ?? 'not on Teams' };
    }
    if (
      record &&
      record.state !== 'installing' &&
      record.state !== 'not-on-teams' &&
      record.chatId &&
      !replace
    ) {
      await this.store(aadObjectId, record.chatId, false);
      return { kind: 'ready', via: record.state === 'installed' ? 'installed' : 'already' };
    }
    // Begun before (maybe by a worker that died mid-request): look the installation up before posting again.
    if (record && record.state !== 'not-on-teams') {
      const chatId = await this.deps.installer.findChat(aadObjectId).catch(() => undefined);
      if (chatId && !(replace && chatId === stored?.reference.conversation?.id)) {
        const via = record.state === 'already' ? 'already' : 'installed';
        await installs.finish(aadObjectId, via, clock.now(), { chatId });
        await this.store(aadObjectId, chatId, replace);
        return { kind: 'ready', via };
      }
    }
    const maxAttempts = this.deps.maxAttempts ?? 3;
    if (record && record.attempts >= maxAttempts)
      return {
        kind: 'failed',
        reason: `install tried ${record.attempts} times: ${record.reason ?? 'no chat'}`,
      };
    if (!(await installs.begin(aadObjectId, now, this.deps.staleMs ?? 300_000))) return { kind: 'busy' };
    const result = await this.deps.installer.install(aadObjectId);
    if (result.kind === 'not-on-teams' || result.kind === 'failed') {
      await installs.finish(aadObjectId, result.kind, clock.now(), { reason: result.reason });
      this.deps.logger?.info(
        { target: aadObjectId, outcome: result.kind, reason: result.reason },
        'proactive install did not reach the person',
      );
      return { kind: result.kind, reason: result.reason };
    }
    await installs.finish(aadObjectId, result.kind, clock.now(), { chatId: result.chatId });
    if (result.chatId) await this.store(aadObjectId, result.chatId, replace);
    const now2 = await this.deps.conversations.get(aadObjectId);
    if (now2 && !now2.unreachableSince) return { kind: 'ready', via: result.kind };
    await installs.finish(aadObjectId, 'failed', clock.now(), {
      reason: 'installed, but its chat is not known yet',
    });
    return { kind: 'failed', reason: 'installed, but its chat is not known yet' };
  }

  private async store(aadObjectId: string, chatId: string, replace: boolean): Promise<void> {
    const { tenantId, conversations, clock } = this.deps;
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: await this.serviceUrl(),
      conversation: { id: chatId, conversationType: 'personal', isGroup: false, name: '', tenantId },
      bot: { id: this.deps.botId, name: '' },
    };
    if (replace) await conversations.save(aadObjectId, tenantId, reference, clock.now());
    else await conversations.saveIfAbsent(aadObjectId, tenantId, reference, clock.now());
  }

  /** Teams' regional endpoint for the tenant, as learnt from a conversation Teams sent; else the setting. */
  private async serviceUrl(): Promise<string> {
    this.learntServiceUrl ??= await this.deps.conversations.serviceUrlOf(this.deps.tenantId);
    return this.learntServiceUrl ?? this.deps.defaultServiceUrl;
  }
}
