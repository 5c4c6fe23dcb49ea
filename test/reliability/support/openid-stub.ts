import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenID provider for Bot Framework tokens: serves the metadata document and the JWKS with an RSA
 * key generated here, and signs RS256 tokens with it (or with another key, for the forged case).
 */
export class OpenIdStub {
  readonly kid = `test-${randomUUID()}`;
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private server?: http.Server;
  metadataUrl = '';
  fetches = 0;

  async start(): Promise<string> {
    const jwk = this.keys.publicKey.export({ format: 'jwk' });
    this.server = http.createServer((req, res) => {
      this.fetches += 1;
      const base = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
      const body =
        req.url === '/keys'
          ? { keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, n: jwk.n, e: jwk.e }] }
          : { issuer: 'https://api.botframework.com', jwks_uri: `${base}/keys` };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.metadataUrl = `http://127.0.0.1:${port}/.well-known/openidconfiguration`;
    return this.metadataUrl;
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** An RS256 JWT; `signWith` another private key to forge one. */
  sign(claims: Record<string, unknown>, signWith: KeyObject = this.keys.privateKey): string {
    const header = { alg: 'RS256', typ: 'JWT', kid: this.kid };
    const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const input = `${part(header)}.${part(claims)}`;
    const signature = createSign('RSA-SHA256').update(input).sign(signWith).toString('base64url');
    return `${input}.${signature}`;
  }
}

export function otherPrivateKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}
