import type { RegistrationDetail, RegistrationSource } from '../../ports/registration-source';
import type { GraphApi } from './graph-api';
import { mapGraphMethods } from './method-names';

export const REGISTRATION_PATH = '/reports/authenticationMethods/userRegistrationDetails';

interface GraphRegistration {
  id: string;
  isMfaRegistered?: boolean;
  methodsRegistered?: string[];
}

/** Who has registered which methods, from the Entra authentication methods report (AuditLog.Read.All). */
export class GraphRegistrationSource implements RegistrationSource {
  readonly name = 'graph';

  constructor(private readonly api: GraphApi) {}

  async readRegistrations(
    onPage: (details: RegistrationDetail[]) => Promise<void>,
  ): Promise<{ pages: number }> {
    const { pages } = await this.api.pages<GraphRegistration>(REGISTRATION_PATH, (rows) =>
      onPage(
        rows.map((r) => ({
          userId: r.id,
          isMfaRegistered: r.isMfaRegistered === true,
          methods: mapGraphMethods(r.methodsRegistered ?? []),
          providerMethods: r.methodsRegistered ?? [],
        })),
      ),
    );
    return { pages };
  }
}
