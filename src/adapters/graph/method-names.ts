import type { AuthMethod } from '../../domain/mfa-status';

/**
 * Graph `methodsRegistered` values (userRegistrationDetails) -> the method names on our MFA report.
 * Methods with no report name (FIDO2 keys, Windows Hello, passkeys, email, security questions, TAP) are
 * not mapped: they are counted by the sync as "registered but unmapped" rather than guessed.
 * The table is repeated in docs/operations.md.
 */
export const GRAPH_METHOD_NAMES: Readonly<Record<string, AuthMethod>> = {
  microsoftAuthenticatorPush: 'PhoneAppNotification',
  microsoftAuthenticatorPasswordless: 'PhoneAppNotification',
  softwareOneTimePasscode: 'SoftwareOTP',
  hardwareOneTimePasscode: 'PhoneAppOTP',
  mobilePhone: 'SMS',
  alternateMobilePhone: 'Voice',
  officePhone: 'Voice',
};

export function mapGraphMethods(registered: readonly string[]): AuthMethod[] {
  const out = new Set<AuthMethod>();
  for (const name of registered) {
    const mapped = GRAPH_METHOD_NAMES[name];
    if (mapped) out.add(mapped);
  }
  return [...out];
}
