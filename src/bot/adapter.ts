import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { Config } from '../config';
import type { Logger } from '../logger';

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
 */
class StrictBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (err) {
      if (err instanceof AuthenticationError) throw err;
      throw new AuthenticationError('Unauthorized. The token could not be validated.', 401);
    }
  }
}
