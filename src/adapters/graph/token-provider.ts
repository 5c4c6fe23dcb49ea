import { readFileSync } from 'node:fs';
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import type { GraphSettings } from '../../config';
import { AppError } from '../../errors';
import { GraphRequestError } from './graph-errors';

/** Supplies app-only bearer tokens for Graph; MSAL caches them and renews shortly before expiry. */
export interface TokenProvider {
  getAccessToken(): Promise<string>;
}

/**
 * Client credentials flow with @azure/msal-node. The authority's metadata (OpenID configuration and
 * cloud discovery) is built here from GRAPH_AUTHORITY_HOST rather than fetched, so start-up makes no
 * discovery calls and tests can point the token endpoint at the local stub.
 */
export class MsalTokenProvider implements TokenProvider {
  private readonly app: ConfidentialClientApplication;
  private readonly scopes: string[];
  private inFlight?: Promise<string>;

  constructor(settings: GraphSettings) {
    this.app = new ConfidentialClientApplication(msalConfiguration(settings));
    this.scopes = [`${graphResource(settings.baseUrl)}/.default`];
  }

  /** Concurrent callers share one acquisition, so a burst of parallel requests asks for one token. */
  getAccessToken(): Promise<string> {
    this.inFlight ??= this.acquire().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async acquire(): Promise<string> {
    let result;
    try {
      result = await this.app.acquireTokenByClientCredential({ scopes: this.scopes });
    } catch (err) {
      throw new GraphRequestError('Could not get a Microsoft Graph token for the app.', 401, 'token', {
        cause: err,
      });
    }
    if (!result?.accessToken) throw new GraphRequestError('Microsoft Graph returned no token.', 401, 'token');
    return result.accessToken;
  }
}

/** The real Graph resource for the token audience; a loopback stub accepts the public cloud one. */
function graphResource(baseUrl: string): string {
  return baseUrl.startsWith('https://') ? baseUrl : 'https://graph.microsoft.com';
}

export function msalConfiguration(settings: GraphSettings): Configuration {
  const hostAndPort = settings.authorityHost.replace(/^https?:\/\//, '');
  const tenant = settings.tenantId;
  const base = `${settings.authorityHost}/${tenant}`;
  const authorityMetadata = {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    issuer: `${base}/v2.0`,
    jwks_uri: `${settings.authorityHost}/${tenant}/discovery/v2.0/keys`,
  };
  const cloudDiscoveryMetadata = {
    tenant_discovery_endpoint: `${base}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: hostAndPort, preferred_cache: hostAndPort, aliases: [hostAndPort] }],
  };
  return {
    auth: {
      clientId: settings.clientId,
      // MSAL insists on an https authority; its endpoints come from the metadata above (http only on loopback).
      authority: `https://${hostAndPort}/${tenant}`,
      knownAuthorities: [hostAndPort],
      authorityMetadata: JSON.stringify(authorityMetadata),
      cloudDiscoveryMetadata: JSON.stringify(cloudDiscoveryMetadata),
      ...credential(settings),
    },
    system: { loggerOptions: { piiLoggingEnabled: false } },
  };
}

function credential(
  settings: GraphSettings,
): Pick<Configuration['auth'], 'clientSecret' | 'clientCertificate'> {
  const c = settings.credential;
  if (c.kind === 'secret') return { clientSecret: c.secret };
  let privateKey: string;
  try {
    privateKey = readFileSync(c.path, 'utf8');
  } catch (err) {
    throw new AppError('VALIDATION', `GRAPH_CERTIFICATE_PATH ${c.path} cannot be read.`, true, {
      cause: err,
    });
  }
  const thumbprint = c.thumbprint.toLowerCase();
  return {
    clientCertificate:
      thumbprint.length === 64 ? { privateKey, thumbprintSha256: thumbprint } : { privateKey, thumbprint },
  };
}
