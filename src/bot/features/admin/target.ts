import { renderCard } from '../../../cards/render';
import type { AdminCommand } from '../../../domain/admin-command';
import { authorise, type AdminOperation } from '../../../domain/permissions';
import type { StaffMember } from '../../../domain/staff';
import { isAppError } from '../../../errors';
import { actorFrom } from '../../../services/admin/admin-actor';
import type { ChangeResult } from '../../../services/admin/admin-service';
import { commandFor } from '../../../services/admin/command-text';
import * as s from '../../../strings/admin';
import type { TurnRequest } from '../../feature';
import type { AdminContext } from './admin-context';
import { chooseView } from './admin-views';

/**
 * Finds the one person a command names, then runs `act` on them. Someone outside the admin's organisation
 * gets the same "couldn't find" as someone who does not exist (the refusal is audited), so a local admin
 * cannot learn who exists elsewhere. Several matches give a choice card listing only people the admin may
 * act on; each button re-types the command with a UPN, so the choice goes through every check again.
 */
export async function withTarget(
  ctx: AdminContext,
  req: TurnRequest,
  text: string,
  command: AdminCommand,
  operation: AdminOperation,
  act: (member: StaffMember) => Promise<string | void>,
): Promise<string | void> {
  const found = await ctx.resolver.resolve(text);
  const actor = actorFrom(req.staff);
  if (found.kind === 'found') {
    const auth = authorise(actor, operation, found.member);
    if (auth.allowed || auth.reason !== 'scope') return act(found.member);
    await ctx.admin.refuseOutOfScope(actor, found.member, operation);
    return s.notFound(text);
  }
  if (found.kind === 'many') {
    const mine = found.candidates.filter((c) => authorise(actor, operation, c).allowed);
    if (mine.length === 1) return act(mine[0]);
    if (mine.length > 1) {
      const choices = mine.map((c) => ({
        label: `${c.displayName} (${c.upn}, ${c.orgUnit})`,
        command: commandFor(command, c.upn),
      }));
      await req.turn.sendActivity({
        attachments: [renderCard('admin-choose', chooseView(s.choose(text), choices))],
      });
      return;
    }
  }
  return s.notFound(text);
}

/** The admin's answer for one change. */
export function describeChange(
  r: ChangeResult,
  changed: (after: StaffMember, told: boolean) => string,
): string {
  if (r.kind === 'changed') return changed(r.member, r.told === 'sent');
  if (r.kind === 'unchanged') return s.unchanged(r.member.displayName, r.member.mfaStatus);
  if (r.why === 'compromised') return s.compromisedNoException;
  if (r.why === 'reason-missing') return s.reasonMissing;
  if (r.why === 'reason-too-long') return s.reasonTooLong;
  if (r.why === 'would-shorten') return s.REFUSAL_SHORT['would-shorten'] ?? '';
  return s.REFUSAL[r.why];
}

/** Runs a change, turning "changed meanwhile" into the friendly retry message. */
export async function guarded(run: () => Promise<string>): Promise<string> {
  try {
    return await run();
  } catch (e) {
    if (isAppError(e) && e.code === 'CONCURRENT_CHANGE') return s.concurrency;
    throw e;
  }
}
