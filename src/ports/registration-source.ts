import type { AuthMethod } from '../domain/mfa-status';

/** What the identity provider says a person has registered (Graph userRegistrationDetails). */
export interface RegistrationDetail {
  userId: string;
  isMfaRegistered: boolean;
  /** Registered methods in our report names; methods with no report name are left out. */
  methods: AuthMethod[];
  /** The provider's own method names, for counting what could not be mapped. */
  providerMethods: string[];
}

export interface RegistrationSource {
  readonly name: string;
  /** Reads every person's registration state page by page; `onPage` is awaited before the next page. */
  readRegistrations(onPage: (details: RegistrationDetail[]) => Promise<void>): Promise<{ pages: number }>;
}
