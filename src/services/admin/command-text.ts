import type { AdminCommand } from '../../domain/admin-command';

/**
 * The command as an admin would type it, for one named person: used by the "which one did you mean?"
 * buttons (command buttons, src/bot/command-button.ts), so a choice runs through the parser and every check again. Reasons go last,
 * so they need no quoting.
 */
export function commandFor(command: AdminCommand, upn: string): string {
  switch (command.kind) {
    case 'status':
    case 'audit':
    case 'reenrol':
    case 'tap':
      return `${command.kind} ${upn}`;
    case 'enable':
      return `enable ${upn}`;
    case 'disable':
      return `disable ${upn} reason ${command.reason}`;
    case 'exception':
      return `exception ${command.duration} ${upn} reason ${command.reason}`;
    case 'revokeException':
      return `revoke exception ${upn}`;
    case 'compromised':
      return command.clear ? `compromised clear ${upn}` : `compromised ${upn}`;
    case 'bulk':
    case 'report':
      return '';
  }
}
