import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { ReusedConnectorClients } from './reused-connector-clients';

let warnedAuthOff = false;

/**
 * The Bot Framework CloudAdapter, authenticated with the app registration from config. With no app id,
 * authentication is off (anyone who can reach /api/messages can talk to the bot): fine on a laptop or in
 * tests, refused in production by config.ts. That is logged loudly, once per process.
 */
export function createAdapter(config: Pick<Config, 'app' | 'authEnabled'>, logger: Logger): CloudAdapter {
  const auth = new StrictBotFrameworkAuthentication({
    MicrosoftAppId: config.app.id,
    MicrosoftAppPassword: config.app.password,
    MicrosoftAppType: config.app.type,
    MicrosoftAppTenantId: config.app.tenantId,
  });
  if (!config.authEnabled && !warnedAuthOff) {
    warnedAuthOff = true;
    logger.warn(
      '!!! MICROSOFT_APP_ID is empty: Bot Framework authentication is OFF. Anyone who can reach /api/messages ' +
        'can talk to this bot as anyone. Use this only for local development and tests. !!!',
    );
  }
  return new CloudAdapter(auth);
}

/**
 * botbuilder answers a token with a bad signature or malformed claims (jsonwebtoken's errors) with 500 and
 * the error text; only its own AuthenticationError becomes 401. Any failure to authenticate is a 401 here.
 * Connector and user-token clients are made once per app id and service URL, not once per turn
 * (reused-connector-clients.ts).
 */
class StrictBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new ReusedConnectorClients();

  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    let result: AuthenticateRequestResult;
    try {
      result = await super.authenticateRequest(activity, authHeader);
    } catch (err) {
      if (err instanceof AuthenticationError) throw err;
      throw new AuthenticationError('Unauthorized. The token could not be validated.', 401);
    }
    const factory = result.connectorFactory;
    if (!factory) return result;
    return { ...result, connectorFactory: this.clients.reusing(appIdOf(result.claimsIdentity), factory) };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.clients.reusing(appIdOf(claimsIdentity), super.createConnectorFactory(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.clients.userTokenClient(appIdOf(claimsIdentity), () =>
      super.createUserTokenClient(claimsIdentity),
    );
  }
}

/** The bot's app id as botbuilder reads it: the token's audience (channels) or its appid claim (emulator). */
function appIdOf(identity: ClaimsIdentity): string {
  return (
    identity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    identity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ''
  );
}
