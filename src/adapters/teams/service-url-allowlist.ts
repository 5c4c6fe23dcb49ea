import { AppError } from '../../errors';

/**
 * The Bot Connector hosts Teams gives in serviceUrl: the commercial cloud (all regions:
 * https://smba.trafficmanager.net/{amer,emea,apac,teams}/...), GCC, GCC High and DoD.
 */
export const TEAMS_SERVICE_URL_HOSTS = [
  'smba.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
] as const;

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/** A proactive send to a conversation reference whose serviceUrl is not a trusted Bot Connector host. */
export class UntrustedServiceUrlError extends AppError {
  constructor(public readonly host: string) {
    super('FORBIDDEN', `Proactive sends to ${host} are not allowed (TEAMS_SERVICE_URL_HOSTS).`);
    this.name = 'UntrustedServiceUrlError';
  }
}

/**
 * Outgoing trust: botframework-connector would send the bot's token to whatever serviceUrl a stored
 * conversation reference names, so only these hosts are used (exact host names, case-insensitive; an entry
 * "*.example.net" allows its subdomains). https is required, except for loopback hosts (local tools and
 * tests), which are allowed outside production only unless listed explicitly.
 */
export class ServiceUrlAllowlist {
  private readonly hosts: Set<string>;
  private readonly suffixes: string[];

  constructor(hosts: readonly string[], options: { allowLoopback: boolean }) {
    const all = [...hosts, ...(options.allowLoopback ? LOOPBACK : [])].map((h) => h.trim().toLowerCase());
    this.hosts = new Set(all.filter((h) => h.length > 0 && !h.startsWith('*.')));
    this.suffixes = all.filter((h) => h.startsWith('*.')).map((h) => h.slice(1));
  }

  /** Throws UntrustedServiceUrlError unless `serviceUrl` is https (or loopback http) on an allowed host. */
  check(serviceUrl: string): void {
    let url: URL;
    try {
      url = new URL(serviceUrl);
    } catch {
      throw new UntrustedServiceUrlError('(not a URL)');
    }
    const host = url.hostname.toLowerCase();
    const allowed = this.hosts.has(host) || this.suffixes.some((s) => host.endsWith(s));
    const scheme = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.includes(host));
    if (!allowed || !scheme || url.username || url.password) throw new UntrustedServiceUrlError(host);
  }
}
