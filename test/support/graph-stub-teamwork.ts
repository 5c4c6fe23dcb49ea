import { graphError, notFound, type Reply } from './graph-stub-reply';

/** The bot's app installed for one person, and the personal chat that installation opened. */
export interface StubInstallation {
  id: string;
  catalogAppId: string;
  chatId: string;
}

/**
 * The Teams app installations of the Graph stub's tenant (/users/{id}/teamwork/installedApps): POST answers
 * 201 (installed), 409 (already installed), 404 (the person has no Teams licence or mailbox: `notOnTeams`)
 * or 403 (`forbidden`: the app lacks the permission); the installation list with $expand=teamsApp and a
 * teamsApp/id filter; and the installation's chat. `onInstall` runs after a 201, as Teams then sends the
 * bot a conversationUpdate (a test fires it at the bot).
 */
export class StubTeamwork {
  readonly installations = new Map<string, StubInstallation>();
  readonly notOnTeams = new Set<string>();
  forbidden = false;
  /** POSTs that installed (201), per person: to check nobody was installed twice. */
  readonly installs = new Map<string, number>();
  onInstall?: (userId: string, chatId: string) => void | Promise<void>;

  constructor(private readonly userExists: (id: string) => boolean) {}

  chatOf(userId: string): string {
    return `19:${userId}_bot@unq.gbl.spaces`;
  }

  /** The app installed before the campaign (the person added it themselves). */
  preinstall(userId: string, catalogAppId: string): StubInstallation {
    const installation = { id: `inst-${userId}`, catalogAppId, chatId: this.chatOf(userId) };
    this.installations.set(userId, installation);
    return installation;
  }

  handle(method: string, path: string, body: unknown, q: URLSearchParams): Reply | undefined {
    let m: RegExpExecArray | null;
    if ((m = /^\/users\/([^/]+)\/teamwork\/installedApps$/.exec(path))) {
      const user = m[1] ?? '';
      if (!this.userExists(user) || this.notOnTeams.has(user)) return notFound(`users/${user}/teamwork`);
      if (method === 'POST') return this.install(user, body);
      if (method === 'GET') return this.list(user, q);
    }
    if ((m = /^\/users\/([^/]+)\/teamwork\/installedApps\/([^/]+)\/chat$/.exec(path)) && method === 'GET') {
      const installation = this.installations.get(m[1] ?? '');
      if (!installation || installation.id !== m[2]) return notFound('installation');
      return { status: 200, body: { id: installation.chatId, chatType: 'oneOnOne' } };
    }
    return undefined;
  }

  private install(user: string, body: unknown): Reply {
    if (this.forbidden)
      return graphError(403, 'Forbidden', 'Missing role permissions on the request (stub).');
    const bind = (body as Record<string, unknown> | undefined)?.['teamsApp@odata.bind'];
    const catalogAppId =
      typeof bind === 'string' ? /appCatalogs\/teamsApps\/([^/]+)$/.exec(bind)?.[1] : undefined;
    if (!catalogAppId) return graphError(400, 'BadRequest', 'teamsApp@odata.bind is required (stub).');
    if (this.installations.has(user))
      return graphError(409, 'Conflict', 'App is already installed for this user (stub).');
    const installation = this.preinstall(user, catalogAppId);
    this.installs.set(user, (this.installs.get(user) ?? 0) + 1);
    const fire = this.onInstall;
    if (fire)
      setImmediate(() => void Promise.resolve(fire(user, installation.chatId)).catch(() => undefined));
    return { status: 201 };
  }

  private list(user: string, q: URLSearchParams): Reply {
    const wanted = /teamsApp\/id eq '([^']+)'/.exec(q.get('$filter') ?? '')?.[1];
    const all = [...this.installations.entries()].filter(([u]) => u === user).map(([, i]) => i);
    const value = all
      .filter((i) => wanted === undefined || i.catalogAppId === wanted)
      .map((i) => ({ id: i.id, teamsApp: { id: i.catalogAppId, displayName: 'MFA Helper' } }));
    return { status: 200, body: { value } };
  }
}
