import { ConnectorFactory, type ConnectorClient, type UserTokenClient } from 'botframework-connector';

/**
 * How many connector clients (one per app id, service URL and audience) are kept. A tenant's bot talks to a
 * handful of service URLs (one per region, all allow-listed); past this the cache starts again.
 */
const MAX_CLIENTS = 64;

/**
 * botbuilder's CloudAdapter builds a new ConnectorClient (an Azure HTTP pipeline with its policies) and a new
 * UserTokenClient for every turn, even a turn whose replies go back in the HTTP response: about a tenth of a
 * FAQ turn's CPU (bench/profile-faq.ts). Both are stateless between requests (credentials cache their own
 * tokens), so they are made once and reused, as the .NET Bot Framework adapter does with its client cache.
 */
export class ReusedConnectorClients {
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  /** A factory that hands out the client made for the same app id, service URL and audience. */
  reusing(appId: string, factory: ConnectorFactory): ConnectorFactory {
    return new ReusingConnectorFactory((serviceUrl, audience) =>
      this.remember(this.connectors, `${appId}\n${serviceUrl}\n${audience ?? ''}`, () =>
        factory.create(serviceUrl, audience),
      ),
    );
  }

  userTokenClient(appId: string, create: () => Promise<UserTokenClient>): Promise<UserTokenClient> {
    return this.remember(this.tokenClients, appId, create);
  }

  private remember<T>(cache: Map<string, Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
    const known = cache.get(key);
    if (known) return known;
    if (cache.size >= MAX_CLIENTS) cache.clear();
    // A failed creation is forgotten, so the next turn tries again.
    const made = create().catch((err: unknown) => {
      cache.delete(key);
      throw err;
    });
    cache.set(key, made);
    return made;
  }
}

class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly createClient: (serviceUrl: string, audience?: string) => Promise<ConnectorClient>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.createClient(serviceUrl, audience);
  }
}
