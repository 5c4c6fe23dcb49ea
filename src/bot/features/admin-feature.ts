import { ADMIN_VERBS, type AdminVerb } from '../../domain/admin-command';
import { adminRoles, rolesAllowed, type AdminOperation } from '../../domain/permissions';
import { parseAdminCommand, suggestVerb } from '../../services/admin/command-parser';
import { tokenize } from '../../services/admin/tokenize';
import type { Role } from '../../domain/staff';
import { common } from '../../strings';
import { DESCRIPTION, USAGE, staffStatusHint, usageHelp } from '../../strings/admin';
import type { Command, Feature, TurnRequest } from '../feature';
import type { AdminContext } from './admin/admin-context';
import { runAdminCommand } from './admin/admin-handlers';
import { bulkActions } from './admin/bulk-handler';
import { accessPassActions } from './admin/access-pass-handler';

/** Which permission-matrix rows a verb needs: the router lets a role in if any of them allows it. */
const OPERATIONS: Readonly<Record<AdminVerb, readonly AdminOperation[]>> = {
  status: ['status'],
  audit: ['audit'],
  enable: ['enable'],
  disable: ['disable'],
  exception: ['exception24h', 'exception180d'],
  revoke: ['revokeException'],
  reenrol: ['reenrol'],
  compromised: ['compromised'],
  bulk: ['bulkEnable', 'bulkDisable'],
  report: ['report'],
  tap: ['accessPass'],
};
const ALIASES: Partial<Record<AdminVerb, string[]>> = { reenrol: ['re-enrol', 'reenroll'] };

/**
 * Admin commands in chat: `status`, `enable`, `disable`, `exception`, `revoke exception`, `reenrol`,
 * `compromised`, `bulk`, `report`, `audit`. The router checks the role (allowedRoles, from the permission
 * matrix); the services check the scope of every target on the server.
 */
/**
 * Staff often type "status" meaning their own: rather than the router's bare refusal they are pointed to
 * "my status". The role check moves into the command (still audited); help still hides it from staff.
 */
function staffFriendly(command: Command, allowedRoles: Role[], ctx: AdminContext): Command {
  return {
    ...command,
    allowedRoles: undefined,
    async run(req, args) {
      if (allowedRoles.includes(req.staff.role)) return command.run(req, args);
      await ctx.audit.append({
        at: ctx.clock.now(),
        actor: req.staff.aadObjectId,
        actorUpn: req.staff.upn,
        action: 'bot.refused',
        reason: `command:${command.id} needs another role (has ${req.staff.role})`,
        outcome: 'refused',
      });
      await req.turn.sendActivity(staffStatusHint);
    },
  };
}

export function createAdminFeature(ctx: AdminContext): Feature {
  const run = async (req: TurnRequest, verb: AdminVerb, args: string): Promise<void> => {
    const parsed = parseAdminCommand(`${verb} ${args}`);
    if (!parsed.ok) {
      const e = parsed.error;
      await req.turn.sendActivity(usageHelp(e.problem, e.verb, e.suggestion));
      return;
    }
    await runAdminCommand(ctx, req, parsed.command);
  };

  const commands: Command[] = ADMIN_VERBS.map((verb) => {
    const allowedRoles = [...new Set(OPERATIONS[verb].flatMap(rolesAllowed))];
    const command: Command = {
      id: `admin.${verb}`,
      phrases: [verb, ...(ALIASES[verb] ?? [])],
      usage: USAGE[verb],
      description: DESCRIPTION[verb],
      audience: 'admin',
      allowedRoles,
      ...(verb === 'report' ? { helpButton: common.help.buttons.report } : {}),
      run: (req, args) => run(req, verb, args),
    };
    return verb === 'status' ? staffFriendly(command, allowedRoles, ctx) : command;
  });

  const admins = new Set(adminRoles());

  return {
    name: 'admin',
    commands,
    actions: [...bulkActions(ctx), ...accessPassActions(ctx)],
    /** "stauts jane": an admin's near-miss of a command gets "did you mean" rather than the FAQ. */
    async answerFreeText(req) {
      if (!admins.has(req.staff.role)) return false;
      const first = tokenize(req.text)[0]?.text ?? '';
      if (first.length < 4) return false;
      const verb = suggestVerb(first);
      if (!verb || verb === first.toLowerCase()) return false;
      await req.turn.sendActivity(usageHelp(`I don't know the command "${first}"`, verb, verb));
      return true;
    },
  };
}
