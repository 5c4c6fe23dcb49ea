import type {
  EntraMethod,
  EntraMethodKind,
  MethodsPolicy,
  PhoneType,
} from '../../ports/authentication-methods';

/** An authentication method as Graph returns it (the properties the bot reads). */
export interface GraphAuthMethod {
  id: string;
  '@odata.type'?: string;
  displayName?: string | null;
  phoneNumber?: string | null;
  phoneType?: string | null;
}

const KIND_OF: Readonly<Record<string, EntraMethodKind>> = {
  '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod': 'microsoftAuthenticator',
  '#microsoft.graph.phoneAuthenticationMethod': 'phone',
  '#microsoft.graph.softwareOathAuthenticationMethod': 'softwareOath',
  '#microsoft.graph.hardwareOathAuthenticationMethod': 'hardwareOath',
  '#microsoft.graph.temporaryAccessPassAuthenticationMethod': 'temporaryAccessPass',
  '#microsoft.graph.fido2AuthenticationMethod': 'fido2',
  '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod': 'windowsHelloForBusiness',
  '#microsoft.graph.emailAuthenticationMethod': 'email',
  '#microsoft.graph.passwordAuthenticationMethod': 'password',
};

const PHONE_TYPES: readonly PhoneType[] = ['mobile', 'alternateMobile', 'office'];

/**
 * Graph's method -> the port's. A typed collection (e.g. phoneMethods) does not repeat @odata.type on its
 * items, so the collection's kind is the fallback; a type the bot does not tell apart is 'other'.
 * Phone methods keep their type and number (personal data: compared by the caller, never logged).
 */
export function toEntraMethod(item: GraphAuthMethod, collectionKind?: EntraMethodKind): EntraMethod {
  const type = item['@odata.type'];
  const kind = type ? (KIND_OF[type] ?? 'other') : (collectionKind ?? 'other');
  const method: EntraMethod = { id: item.id, kind };
  if (kind === 'phone') {
    if (item.phoneType && (PHONE_TYPES as readonly string[]).includes(item.phoneType))
      method.phoneType = item.phoneType as PhoneType;
    if (item.phoneNumber) method.phoneNumber = item.phoneNumber;
  }
  if ((kind === 'microsoftAuthenticator' || kind === 'hardwareOath') && item.displayName)
    method.displayName = item.displayName;
  return method;
}

/** One entry of authenticationMethodsPolicy.authenticationMethodConfigurations. */
export interface GraphMethodConfiguration {
  id?: string;
  '@odata.type'?: string;
  state?: string;
}

/** The configuration ids (Graph's names) behind each MethodsPolicy flag. */
const POLICY_KEYS: Readonly<Record<keyof MethodsPolicy, string>> = {
  microsoftAuthenticator: 'microsoftauthenticator',
  sms: 'sms',
  voice: 'voice',
  temporaryAccessPass: 'temporaryaccesspass',
  hardwareOath: 'hardwareoath',
};

/** A method counts as allowed when its configuration is present with state 'enabled'. */
export function toMethodsPolicy(configurations: readonly GraphMethodConfiguration[]): MethodsPolicy {
  const enabled = new Set(
    configurations.filter((c) => c.state === 'enabled').map((c) => configurationName(c)),
  );
  const policy = {} as MethodsPolicy;
  for (const [key, name] of Object.entries(POLICY_KEYS) as [keyof MethodsPolicy, string][])
    policy[key] = enabled.has(name);
  return policy;
}

/** The configuration's id ("Sms"), or the name in its @odata.type (#microsoft.graph.smsAuthentication...). */
function configurationName(c: GraphMethodConfiguration): string {
  if (c.id) return c.id.toLowerCase();
  const m = /^#microsoft\.graph\.(\w+?)AuthenticationMethodConfiguration$/.exec(c['@odata.type'] ?? '');
  return (m?.[1] ?? '').toLowerCase();
}
