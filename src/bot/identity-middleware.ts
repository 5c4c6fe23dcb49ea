import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import type { StaffMember } from '../domain/staff';
import type { AuditLog } from '../ports/audit-log';
import type { ChatStateRepository } from '../ports/chat-state-repository';
import type { Clock } from '../ports/clock';
import type { StaffRepository } from '../ports/staff-repository';
import { common } from '../strings';
import { isPersonalChat, tenantOf } from './conversation-kind';
import { messageResponse } from './invoke-response';
import { setPreloadedChatState } from './personal-chat-state';
import { setSpeaker } from '../turn/speaker';
import { getTurnLogger } from './turn-state';

/** A message, or for an invoke (a Universal Action) the invoke response Teams shows in place of the card. */
async function reply(turn: TurnContext, text: string): Promise<void> {
  if (turn.activity.type === 'invoke') {
    await turn.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: { status: 200, body: messageResponse(text) },
    });
  } else {
    await turn.sendActivity(text);
  }
}

/** Activity types that come from a person and need to know who they are. */
const PERSON_TURNS: ReadonlySet<string> = new Set([
  ActivityTypes.Message,
  ActivityTypes.Invoke,
  ActivityTypes.InstallationUpdate,
  ActivityTypes.ConversationUpdate,
]);

/** Types where the person typed or pressed something, so a refusal deserves an answer. */
const ANSWERED: ReadonlySet<string> = new Set([ActivityTypes.Message, ActivityTypes.Invoke]);

/**
 * Who is speaking, decided before any feature runs:
 * - tenant not in ALLOWED_TENANT_IDS (when set): no reply at all, logged at warn;
 * - no `from` or no aadObjectId: a polite "I can't tell who you are";
 * - aadObjectId not in the staff directory: a polite message with the helpdesk address;
 * - otherwise the StaffMember is attached to the turn (src/turn/speaker.ts) and the turn goes on. With
 *   `chats`, the person's personal chat state comes in the same read and is handed to the conversation state
 *   (personal-chat-state.ts).
 * Identity is always taken from the activity, never from card data.
 */
export class IdentityMiddleware implements Middleware {
  constructor(
    private readonly deps: {
      staff: StaffRepository;
      /** Where personal chat state is kept with the person: read with them, in one request. */
      chats?: Pick<ChatStateRepository, 'findWithChatState'>;
      allowedTenantIds: readonly string[];
      helpdeskEmail: string;
      logger: Logger;
      /** Refusals of other tenants are audited (by the aadObjectId they claim) when given. */
      audit?: AuditLog;
      clock?: Clock;
    },
  ) {}

  async onTurn(turn: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = turn.activity;
    if (!PERSON_TURNS.has(activity.type)) {
      await next();
      return;
    }
    const log = getTurnLogger(turn, this.deps.logger);
    const { allowedTenantIds } = this.deps;
    const tenantId = tenantOf(activity);
    if (allowedTenantIds.length > 0 && (!tenantId || !allowedTenantIds.includes(tenantId))) {
      log.warn({ tenantId: tenantId ?? null }, 'turn from a tenant that is not allowed: ignored');
      await this.auditForeignTenant(activity.from?.aadObjectId, tenantId, log);
      return;
    }
    // A group conversationUpdate (bot added to a team, members joining) is not a person asking for help.
    const answer = ANSWERED.has(activity.type) || isPersonalChat(activity);
    const aadObjectId = activity.from?.aadObjectId;
    if (!aadObjectId) {
      log.warn({ hasFrom: Boolean(activity.from) }, 'turn without a sender aadObjectId');
      if (ANSWERED.has(activity.type)) await reply(turn, common.noIdentity);
      return;
    }
    const { chats } = this.deps;
    const found: { staff: StaffMember; chatState?: string } | null = chats
      ? await chats.findWithChatState(aadObjectId)
      : await this.deps.staff.findByAadObjectId(aadObjectId).then((s) => (s ? { staff: s } : null));
    const staff = found?.staff;
    if (!staff) {
      log.info({ aadObjectId }, 'turn from someone not in the staff directory');
      if (answer) await reply(turn, common.unknownPerson(this.deps.helpdeskEmail));
      return;
    }
    setSpeaker(turn, staff);
    if (chats) setPreloadedChatState(turn, found.chatState);
    await next();
  }

  private async auditForeignTenant(
    claimed: string | undefined,
    tenantId: string | undefined,
    log: Logger,
  ): Promise<void> {
    const { audit, clock } = this.deps;
    if (!audit || !clock) return;
    try {
      await audit.append({
        at: clock.now(),
        actor: (claimed ?? 'unknown').slice(0, 64),
        action: 'bot.refused',
        reason: `tenant ${(tenantId ?? 'none').slice(0, 64)} is not in ALLOWED_TENANT_IDS`,
        outcome: 'refused',
      });
    } catch (err) {
      log.warn({ err }, 'could not audit a refused tenant');
    }
  }
}
