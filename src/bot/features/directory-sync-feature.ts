import type { Clock } from '../../ports/clock';
import type { DirectorySyncStatus } from '../../services/directory-sync/sync-status';
import { directoryCommand, directoryStatus } from '../../strings/graph';
import type { Feature } from '../feature';

/**
 * `directory` for helpdesk and admins (registered only when Microsoft Graph is configured): the age of the
 * directory the bot works from and the failure of the last sync, if any ("directory as of 2 h ago ...").
 */
export function createDirectorySyncFeature(deps: { status: DirectorySyncStatus; clock: Clock }): Feature {
  return {
    name: 'directory-sync',
    commands: [
      {
        id: 'directory.status',
        phrases: ['directory', 'directory status', 'sync status'],
        usage: directoryCommand.usage,
        description: directoryCommand.description,
        audience: 'admin',
        allowedRoles: ['helpdesk', 'localAdmin', 'globalAdmin'],
        async run(req) {
          const freshness = await deps.status.freshness(deps.clock.now());
          const counts = freshness.lastCounts
            ? Object.entries(freshness.lastCounts)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')
            : undefined;
          await req.turn.sendActivity(directoryStatus(freshness.text, counts));
        },
      },
    ],
  };
}
