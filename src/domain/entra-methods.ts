import type { AuthMethod } from './mfa-status';

/**
 * The kinds of authentication method Microsoft Entra ID holds, as the bot tells them apart (Graph's
 * @odata.type, simplified), and how each appears on the MFA Status report. Pure: no I/O.
 */
export const ENTRA_METHOD_KINDS = [
  'microsoftAuthenticator',
  'phone',
  'softwareOath',
  'hardwareOath',
  'temporaryAccessPass',
  'fido2',
  'windowsHelloForBusiness',
  'email',
  'password',
  'other',
] as const;
export type EntraMethodKind = (typeof ENTRA_METHOD_KINDS)[number];

export type PhoneType = 'mobile' | 'alternateMobile' | 'office';

/** The part of a registered method that decides how it is reported (no ids, no phone numbers). */
export interface MethodKindOf {
  kind: EntraMethodKind;
  phoneType?: PhoneType;
}

/**
 * The report name of a method that counts as a second factor, or undefined for those that do not
 * (the password, a Temporary Access Pass, email) or that the report has no name for (FIDO2 keys,
 * Windows Hello: counted by directory sync as "registered but unmapped").
 */
export function reportNameOf(method: MethodKindOf): AuthMethod | undefined {
  switch (method.kind) {
    case 'microsoftAuthenticator':
      return 'PhoneAppNotification';
    case 'softwareOath':
      return 'SoftwareOTP';
    case 'hardwareOath':
      return 'PhoneAppOTP';
    case 'phone':
      return method.phoneType === 'mobile' ? 'SMS' : 'Voice';
    default:
      return undefined;
  }
}

/** The report names of everything Entra holds, each once, in a stable order. */
export function reportMethods(methods: readonly MethodKindOf[]): AuthMethod[] {
  const names = new Set<AuthMethod>();
  for (const m of methods) {
    const name = reportNameOf(m);
    if (name) names.add(name);
  }
  return [...names].sort();
}
