/** One entry of GET /users/{id}/authentication/methods. */
export interface GraphMethod {
  id: string;
  '@odata.type'?: string;
}

/** Which collection each method type is deleted from. The password cannot be deleted and is skipped. */
const COLLECTION_OF: Readonly<Record<string, string>> = {
  '#microsoft.graph.phoneAuthenticationMethod': 'phoneMethods',
  '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod': 'microsoftAuthenticatorMethods',
  '#microsoft.graph.softwareOathAuthenticationMethod': 'softwareOathMethods',
  '#microsoft.graph.fido2AuthenticationMethod': 'fido2Methods',
  '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod': 'windowsHelloForBusinessMethods',
  '#microsoft.graph.emailAuthenticationMethod': 'emailMethods',
  '#microsoft.graph.temporaryAccessPassAuthenticationMethod': 'temporaryAccessPassMethods',
  '#microsoft.graph.platformCredentialAuthenticationMethod': 'platformCredentialMethods',
};

export function deletionPath(base: string, method: GraphMethod): string | undefined {
  const collection = method['@odata.type'] ? COLLECTION_OF[method['@odata.type']] : undefined;
  return collection ? `${base}/${collection}/${encodeURIComponent(method.id)}` : undefined;
}
