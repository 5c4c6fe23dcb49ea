import type { GraphSettings } from '../../config';
import type { AuditLog } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';
import type {
  MfaPolicyGroups,
  PolicyActor,
  PolicyOutcome,
  PolicyTarget,
  TemporaryAccessPass,
} from '../../ports/mfa-policy-groups';
import type { BatchItem, GraphApi } from './graph-api';
import { GraphRequestError, isGraphStatus } from './graph-errors';
import { deletionPath, type GraphMethod } from './method-paths';

export type PolicyGroupKey = 'mfaPolicy' | 'mfaException';

export interface MembershipChange {
  user: PolicyTarget;
  group: PolicyGroupKey;
  member: boolean;
}

const GROUP_LABEL: Record<PolicyGroupKey, string> = {
  mfaPolicy: 'MFA policy group',
  mfaException: 'MFA exception group',
};

/**
 * MFA policy through Entra group membership (the conditional access policy targets the MFA group and
 * excludes the exception group), re-enrolment by deleting registered methods, and optional Temporary
 * Access Passes. Idempotent ("already a member" / "not a member" count as done); every write audited.
 */
export class GraphMfaPolicyGroups implements MfaPolicyGroups {
  readonly enabled = true;

  constructor(
    private readonly api: GraphApi,
    private readonly settings: Pick<GraphSettings, 'groups' | 'tapLifetimeMinutes' | 'baseUrl'>,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  applyMfaEnabled(user: PolicyTarget, enabled: boolean, actor: PolicyActor): Promise<PolicyOutcome> {
    return this.setMembership({ user, group: 'mfaPolicy', member: enabled }, actor);
  }

  applyException(user: PolicyTarget, on: boolean, actor: PolicyActor): Promise<PolicyOutcome> {
    return this.setMembership({ user, group: 'mfaException', member: on }, actor);
  }

  /** Many membership changes at once, in $batch calls of 20 (bulk operations and reconciliation). */
  async applyMany(changes: MembershipChange[], actor: PolicyActor): Promise<PolicyOutcome[]> {
    const wanted = changes.map((c) => ({ change: c, groupId: this.groupId(c.group) }));
    const items: BatchItem[] = [];
    const indexOf: number[] = [];
    wanted.forEach(({ change, groupId }, i) => {
      if (!groupId) return;
      items.push(this.membershipRequest(groupId, change));
      indexOf.push(i);
    });
    const results = items.length > 0 ? await this.api.batch(items) : [];
    const outcomes: PolicyOutcome[] = wanted.map(() => 'skipped');
    for (let k = 0; k < results.length; k++) {
      const i = indexOf[k] ?? 0;
      const change = wanted[i]?.change;
      const result = results[k];
      if (!change || !result) continue;
      const outcome = membershipOutcome(change.member, result.status, result.body?.error?.message);
      await this.record(actor, change, outcome ?? 'failed', result.status);
      if (!outcome) throw new GraphRequestError(`Group change failed with ${result.status}`, result.status);
      outcomes[i] = outcome;
    }
    return outcomes;
  }

  async resetAuthenticationMethods(user: PolicyTarget, actor: PolicyActor): Promise<{ deleted: number }> {
    const base = `/users/${encodeURIComponent(user.aadObjectId)}/authentication`;
    let deleted = 0;
    try {
      const listed = await this.api.get<{ value?: GraphMethod[] }>(`${base}/methods`);
      // Phone methods last: Entra refuses to delete the default method while others remain.
      const paths = (listed.value ?? [])
        .map((m) => deletionPath(base, m))
        .filter((p): p is string => p !== undefined)
        .sort((a, b) => Number(a.includes('/phoneMethods/')) - Number(b.includes('/phoneMethods/')));
      for (const path of paths) {
        try {
          await this.api.delete(path);
          deleted += 1;
        } catch (err) {
          if (!isGraphStatus(err, 404)) throw err;
        }
      }
    } catch (err) {
      await this.write(actor, user, 'graph.methods.delete', 'failed', { deleted }, errorText(err));
      throw err;
    }
    await this.write(actor, user, 'graph.methods.delete', 'success', { deleted });
    return { deleted };
  }

  async createTemporaryAccessPass(
    user: PolicyTarget,
    actor: PolicyActor,
  ): Promise<TemporaryAccessPass | undefined> {
    const minutes = this.settings.tapLifetimeMinutes;
    if (minutes <= 0) return undefined;
    const path = `/users/${encodeURIComponent(user.aadObjectId)}/authentication/temporaryAccessPassMethods`;
    try {
      const tap = await this.api.post<{ temporaryAccessPass?: string; startDateTime?: string }>(path, {
        lifetimeInMinutes: minutes,
        isUsableOnce: true,
      });
      if (!tap.temporaryAccessPass)
        throw new GraphRequestError('Graph returned no Temporary Access Pass', 500);
      const start = tap.startDateTime ? new Date(tap.startDateTime) : this.clock.now();
      const expiresAt = new Date(start.getTime() + minutes * 60_000);
      // The pass itself is never audited or logged: only that one was issued and until when.
      await this.write(actor, user, 'graph.tap.create', 'success', { expiresAt: expiresAt.toISOString() });
      return { passCode: tap.temporaryAccessPass, expiresAt };
    } catch (err) {
      await this.write(actor, user, 'graph.tap.create', 'failed', {}, errorText(err));
      throw err;
    }
  }

  private async setMembership(change: MembershipChange, actor: PolicyActor): Promise<PolicyOutcome> {
    const groupId = this.groupId(change.group);
    if (!groupId) return 'skipped';
    const request = this.membershipRequest(groupId, change);
    try {
      if (request.method === 'POST') await this.api.post(request.url, request.body);
      else await this.api.delete(request.url);
    } catch (err) {
      if (!(err instanceof GraphRequestError)) throw err;
      const outcome = membershipOutcome(change.member, err.status, describeCause(err));
      await this.record(actor, change, outcome ?? 'failed', err.status, outcome ? undefined : err.message);
      if (!outcome) throw err;
      return outcome;
    }
    await this.record(actor, change, 'changed', 204);
    return 'changed';
  }

  private membershipRequest(groupId: string, change: MembershipChange): BatchItem {
    const group = encodeURIComponent(groupId);
    const user = encodeURIComponent(change.user.aadObjectId);
    return change.member
      ? {
          method: 'POST',
          url: `/groups/${group}/members/$ref`,
          body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${user}` },
        }
      : { method: 'DELETE', url: `/groups/${group}/members/${user}/$ref` };
  }

  private groupId(group: PolicyGroupKey): string | undefined {
    return this.settings.groups[group];
  }

  private async record(
    actor: PolicyActor,
    change: MembershipChange,
    outcome: PolicyOutcome | 'failed',
    status: number,
    error?: string,
  ): Promise<void> {
    const action = change.member ? 'graph.group.add' : 'graph.group.remove';
    const after = { group: change.group, groupId: this.groupId(change.group), result: outcome, status };
    const reason = `${GROUP_LABEL[change.group]}${error ? `: ${error}` : ''}`;
    await this.write(actor, change.user, action, outcome === 'failed' ? 'failed' : 'success', after, reason);
  }

  private async write(
    actor: PolicyActor,
    user: PolicyTarget,
    action: string,
    outcome: 'success' | 'failed',
    after: Record<string, unknown>,
    reason?: string,
  ): Promise<void> {
    await this.audit.append({
      at: this.clock.now(),
      actor: actor.id,
      actorUpn: actor.upn,
      action,
      target: user.aadObjectId,
      targetUpn: user.upn,
      after,
      reason,
      outcome,
    });
  }
}

/** Adding someone already in the group answers 400 "already exist"; removing a non-member answers 404. */
function membershipOutcome(
  adding: boolean,
  status: number,
  message: string | undefined,
): PolicyOutcome | undefined {
  if (status >= 200 && status < 300) return 'changed';
  if (adding && status === 400 && /already exist/i.test(message ?? '')) return 'unchanged';
  if (!adding && status === 404) return 'unchanged';
  return undefined;
}

function describeCause(err: GraphRequestError): string {
  const cause = err.cause as { body?: unknown; message?: string } | undefined;
  const body = typeof cause?.body === 'string' ? cause.body : JSON.stringify(cause?.body ?? '');
  return `${err.message} ${cause?.message ?? ''} ${body}`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
