import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configSchema } from '../../../src/config';

/**
 * infra/main.bicep checked without a Bicep compiler (none can be installed here): its structure (brackets
 * balance outside strings and comments, every parameter declared once and described), the resource types
 * and API versions it uses, the app settings it sets (each a real setting of src/config.ts, secrets only from
 * Key Vault), and that docs/deploy.md and both parameter files name exactly the template's parameters.
 */
const ROOT = path.resolve(__dirname, '../../..');
const read = (f: string): string => readFileSync(path.join(ROOT, f), 'utf8');
const BICEP = read('infra/main.bicep');
/** Resource types and the API versions checked against the Azure template reference (docs/deploy.md). */
const RESOURCE_TYPES: Record<string, string> = {
  'Microsoft.ManagedIdentity/userAssignedIdentities': '2023-01-31',
  'Microsoft.OperationalInsights/workspaces': '2023-09-01',
  'Microsoft.KeyVault/vaults': '2023-07-01',
  'Microsoft.Authorization/roleAssignments': '2022-04-01',
  'Microsoft.ContainerRegistry/registries': '2023-07-01',
  'Microsoft.App/managedEnvironments': '2024-03-01',
  'Microsoft.App/containerApps': '2024-03-01',
  'Microsoft.BotService/botServices': '2022-09-15',
  'Microsoft.BotService/botServices/channels': '2022-09-15',
};
const SECRET_SETTINGS = ['MICROSOFT_APP_PASSWORD', 'ENCRYPTION_KEY', 'MONGODB_URL', 'GRAPH_CLIENT_SECRET'];

/** The source with strings' contents and comments blanked out (interpolations kept), for counting brackets. */
function code(source: string): string {
  let out = '';
  let i = 0;
  const stack: ('string' | 'interp')[] = [];
  while (i < source.length) {
    const c = source[i];
    const inString = stack.at(-1) === 'string';
    if (inString) {
      if (c === '\\') i += 2;
      else if (c === "'") {
        stack.pop();
        out += c;
        i += 1;
      } else if (c === '$' && source[i + 1] === '{') {
        stack.push('interp');
        out += '${';
        i += 2;
      } else i += 1;
      continue;
    }
    if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i += 1;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      i = source.indexOf('*/', i + 2) + 2;
      continue;
    }
    if (c === "'") stack.push('string');
    if (c === '}' && stack.at(-1) === 'interp') stack.pop();
    else if (c === '{' && stack.at(-1) === 'interp') stack.push('interp');
    out += c;
    i += 1;
  }
  if (stack.some((s) => s === 'string')) throw new Error('an unterminated string');
  return out;
}

function params(): string[] {
  return [...BICEP.matchAll(/^param (\w+) /gm)].map((m) => m[1]);
}

function parameterFile(file: string): string[] {
  return Object.keys((JSON.parse(read(file)) as { parameters: Record<string, unknown> }).parameters);
}

describe('infra/main.bicep (checked offline)', () => {
  it('when read, then braces, brackets and parentheses balance outside strings and comments', () => {
    const stripped = code(BICEP);
    const pairs: Record<string, string> = { '}': '{', ']': '[', ')': '(' };
    const open: string[] = [];
    for (const ch of stripped) {
      if ('{[('.includes(ch)) open.push(ch);
      else if (ch in pairs) expect(open.pop()).toBe(pairs[ch]);
    }
    expect(open).toEqual([]);
  });

  it('when its parameters are listed, then each is declared once, with a description', () => {
    const names = params();
    expect(names.length).toBeGreaterThan(10);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names)
      expect(BICEP).toMatch(
        new RegExp(`@description\\('[^\\n]*'\\)\\n((?!param |\\n)[^\\n]*\\n)*param ${name} `),
      );
  });

  it('when a parameter is used, then it is declared (and every declared one is used)', () => {
    const declared = new Set(params());
    const body = BICEP.replace(/^param .*$/gm, '');
    for (const name of declared) expect(body).toMatch(new RegExp(`\\b${name}\\b`));
  });

  it('when it declares resources, then each uses a known type at the API version checked', () => {
    const used = [...BICEP.matchAll(/^resource \w+ '([^'@]+)@([^']+)'/gm)].map((m) => [m[1], m[2]]);
    expect(used.length).toBeGreaterThanOrEqual(8);
    for (const [type, version] of used) expect([type, RESOURCE_TYPES[type]]).toEqual([type, version]);
  });

  it('when it sets the bot’s settings, then each is a setting the bot knows, and secrets come only from Key Vault', () => {
    const settings = Object.keys(configSchema.shape);
    const set = [...BICEP.matchAll(/name: '([A-Z][A-Z0-9_]+)'\n\s+(value|secretRef): /g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(set.length).toBeGreaterThan(10);
    for (const [name, how] of set) {
      expect(settings).toContain(name);
      if (SECRET_SETTINGS.includes(name)) expect([name, how]).toEqual([name, 'secretRef']);
    }
    const secretRefs = [...BICEP.matchAll(/secretRef: '([^']+)'/g)].map((m) => m[1]);
    const secrets = /var secretNames = concat\(([\s\S]*?)\n\)/.exec(BICEP)?.[1] ?? '';
    for (const ref of secretRefs) expect(secrets).toContain(`'${ref}'`);
  });

  it('when the health probes are read, then liveness asks /healthz and readiness /readyz', () => {
    expect(BICEP).toMatch(/type: 'Liveness'\n\s+httpGet: \{\n\s+path: '\/healthz'/);
    expect(BICEP).toMatch(/type: 'Readiness'\n\s+httpGet: \{\n\s+path: '\/readyz'/);
  });

  it('when the parameter files and docs/deploy.md are read, then they name exactly the template’s parameters', () => {
    const names = params().sort();
    expect(parameterFile('infra/main.parameters.json').sort()).toEqual(names);
    expect(parameterFile('infra/main.parameters.m365agents.json').sort()).toEqual(names);
    const deploy = read('docs/deploy.md');
    const section =
      /<!-- section:template-parameters -->([\s\S]*?)<!-- \/section:template-parameters -->/.exec(
        deploy,
      )?.[1];
    const documented = [...(section ?? '').matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(names);
  });
});
