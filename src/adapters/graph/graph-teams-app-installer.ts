import type { InstallResult, TeamsAppInstaller } from '../../ports/teams-app-installer';
import type { GraphApi } from './graph-api';
import { GraphRequestError } from './graph-errors';
import type { InstallRateLimiter } from './install-rate-limiter';

interface InstalledApp {
  id: string;
  teamsApp?: { id?: string };
}

/** What Graph's refusals mean for reaching the person, in words an admin can act on. */
export const NOT_ON_TEAMS_REASONS: Record<number, string> = {
  404: 'no Teams licence or mailbox',
  403: 'Graph refused the install (permission TeamsAppInstallation.ReadWriteSelfForUser.All or the app policy)',
};

/**
 * Proactive install through Microsoft Graph: POST /users/{id}/teamwork/installedApps binding the app's id in
 * the tenant catalogue; 201 or 409 (already installed) -> the installation (GET installedApps with
 * $expand=teamsApp, filtered to our app) -> its chat (GET .../installedApps/{installationId}/chat), whose
 * id is the personal chat to send to. Each install request waits for the install budget (InstallRateLimiter);
 * the lookups only for a pause that a 429 asked for.
 */
export class GraphTeamsAppInstaller implements TeamsAppInstaller {
  constructor(
    private readonly api: GraphApi,
    private readonly limiter: InstallRateLimiter,
    private readonly settings: { catalogAppId: string; graphBaseUrl: string },
  ) {}

  async install(aadObjectId: string): Promise<InstallResult> {
    const user = encodeURIComponent(aadObjectId);
    let kind: 'installed' | 'already' = 'installed';
    try {
      await this.limiter.schedule(() =>
        this.api.request('POST', `/users/${user}/teamwork/installedApps`, {
          body: {
            'teamsApp@odata.bind': `${this.settings.graphBaseUrl}/v1.0/appCatalogs/teamsApps/${this.settings.catalogAppId}`,
          },
          // A POST that timed out may have installed the app: the lookup below (or the next pass) finds it.
          idempotent: false,
        }),
      );
    } catch (err) {
      if (!(err instanceof GraphRequestError)) throw err;
      if (err.status === 409) kind = 'already';
      else if (err.status === 404 || err.status === 403)
        return { kind: 'not-on-teams', status: err.status, reason: NOT_ON_TEAMS_REASONS[err.status] ?? '' };
      else return { kind: 'failed', reason: failure(err) };
    }
    try {
      return { kind, chatId: await this.findChat(aadObjectId) };
    } catch (err) {
      // Installed, but the chat could not be read yet: Teams' conversationUpdate may still bring it.
      if (err instanceof GraphRequestError) return { kind };
      throw err;
    }
  }

  async findChat(aadObjectId: string): Promise<string | undefined> {
    const user = encodeURIComponent(aadObjectId);
    const filter = encodeURIComponent(`teamsApp/id eq '${this.settings.catalogAppId}'`);
    const page = await this.limiter.afterPause(() =>
      this.api.get<{ value?: InstalledApp[] }>(
        `/users/${user}/teamwork/installedApps?$expand=teamsApp&$filter=${filter}`,
      ),
    );
    const installation = (page.value ?? []).find((a) => a.teamsApp?.id === this.settings.catalogAppId);
    if (!installation) return undefined;
    const chat = await this.limiter.afterPause(() =>
      this.api.get<{ id?: string }>(
        `/users/${user}/teamwork/installedApps/${encodeURIComponent(installation.id)}/chat`,
      ),
    );
    return chat.id;
  }
}

function failure(err: GraphRequestError): string {
  if (err.status === 429) return 'Graph throttled the install (429) past its retries';
  if (err.status === 0) return `Graph not reached (${err.graphCode ?? 'network'})`;
  return `Graph answered ${err.status} (${err.graphCode ?? 'error'})`;
}
