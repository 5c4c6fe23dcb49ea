import type { Role } from '../domain/staff';
import type { CardAction, Command } from './feature';

/** May this role run the command or card action? No allowedRoles means everyone. */
export function mayRun(target: Pick<Command | CardAction, 'allowedRoles'>, role: Role): boolean {
  return !target.allowedRoles || target.allowedRoles.includes(role);
}

/** Shown on this role's help card: runnable, and admin-audience commands only for non-staff roles. */
export function isVisibleTo(command: Command, role: Role): boolean {
  return mayRun(command, role) && (command.audience === 'staff' || role !== 'staff');
}
