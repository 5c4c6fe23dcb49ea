/** The eleven statuses of the MFA Status report (seed 003), spelled exactly as the report shows them. */
export const MFA_STATUSES = [
  'User Enabled',
  'User Disabled',
  'Admin Enabled',
  'Admin Disabled',
  'MFA Enforced ATP Group',
  'MFA Disabled ATP Group',
  'MFA Enforced Admin Role',
  'MFA Disabled Admin Role',
  'MFA Enforced Compromised',
  'MFA 24 Hour Exception',
  'MFA Long Term Exception',
] as const;
export type MfaStatus = (typeof MFA_STATUSES)[number];

/** Authentication types on the report: the legacy names and the current ones (seed 003). */
export const LEGACY_AUTH_METHODS = [
  'OneWaySMS',
  'PhoneAppNotification',
  'PhoneAppOTP',
  'TwoWayVoiceMobile',
  'TwoWayVoiceAlternateMobile',
  'TwoWayVoiceOffice',
] as const;
export type LegacyAuthMethod = (typeof LEGACY_AUTH_METHODS)[number];

export const CURRENT_AUTH_METHODS = [
  'SMS',
  'Voice',
  'PhoneAppNotification',
  'PhoneAppOTP',
  'SoftwareOTP',
] as const;
export type AuthMethod = (typeof CURRENT_AUTH_METHODS)[number];

/** How each current method appears in the legacy column of the report. */
export const LEGACY_NAME_OF: Readonly<Record<AuthMethod, LegacyAuthMethod>> = {
  SMS: 'OneWaySMS',
  Voice: 'TwoWayVoiceMobile',
  PhoneAppNotification: 'PhoneAppNotification',
  PhoneAppOTP: 'PhoneAppOTP',
  SoftwareOTP: 'PhoneAppOTP',
};

export function legacyNames(methods: readonly AuthMethod[]): LegacyAuthMethod[] {
  return [...new Set(methods.map((m) => LEGACY_NAME_OF[m]))];
}

export function isMfaStatus(value: string): value is MfaStatus {
  return (MFA_STATUSES as readonly string[]).includes(value);
}
