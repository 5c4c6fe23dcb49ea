import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { DEFAULT_PACKAGE_FILE } from '../../../manifest/app-package';

/**
 * The Microsoft 365 Agents Toolkit project files: each parses, matches the toolkit's own YAML schema (v1.11,
 * copied from @microsoft/m365agentstoolkit-cli 1.1.17 into infra/schema/), and everything it points at
 * exists: templates, parameter files, npm scripts, the app package `npm run package` writes, and every
 * ${{VARIABLE}} (set in its env/ file, written by an earlier step, a template output, or the toolkit's own).
 */
const ROOT = path.resolve(__dirname, '../../..');
const SCHEMA = JSON.parse(
  readFileSync(path.join(ROOT, 'infra/schema/m365agents.yaml.v1.11.schema.json'), 'utf8'),
) as object;
const PROJECTS = [
  { file: 'm365agents.yml', env: 'dev' },
  { file: 'm365agents.local.yml', env: 'local' },
  { file: 'm365agents.playground.yml', env: 'playground' },
];
/** Set by the toolkit itself (built-in variables, the Teams tenant, and the dev tunnel for local debug). */
const BUILT_IN = new Set([
  'TEAMSFX_ENV',
  'AZURE_SUBSCRIPTION_ID',
  'AZURE_RESOURCE_GROUP_NAME',
  'TEAMS_APP_TENANT_ID',
  'BOT_ENDPOINT',
  'BOT_DOMAIN',
]);
const scripts = (
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

interface Action {
  uses: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  writeToEnvironmentFile?: Record<string, string>;
}

function envFile(env: string): Set<string> {
  const text = readFileSync(path.join(ROOT, 'env', `.env.${env}`), 'utf8');
  return new Set([...text.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]));
}

function bicepOutputs(file: string): string[] {
  return [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/^output (\w+) /gm)].map((m) => m[1]);
}

describe('Microsoft 365 Agents Toolkit project files', () => {
  const validate = new Ajv({ strict: false, allErrors: true }).compile(SCHEMA);

  describe.each(PROJECTS)('$file', ({ file, env }) => {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const project = parse(text) as { version: string; environmentFolderPath: string } & Record<
      string,
      Action[]
    >;
    const lifecycles = ['provision', 'deploy', 'publish'].filter((l) => Array.isArray(project[l]));
    const actions = lifecycles.flatMap((l) => project[l]);

    it('when parsed, then it matches the toolkit schema v1.11', () => {
      const valid = validate(project);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      expect(project.version).toBe('v1.11');
      expect(existsSync(path.join(ROOT, project.environmentFolderPath, `.env.${env}`))).toBe(true);
    });

    it('when its steps name files, templates and npm scripts, then they exist', () => {
      for (const a of actions) {
        const w = a.with ?? {};
        if (a.uses === 'arm/deploy')
          for (const t of w.templates as { path: string; parameters: string }[]) {
            expect(existsSync(path.join(ROOT, t.path))).toBe(true);
            expect(existsSync(path.join(ROOT, t.parameters))).toBe(true);
          }
        if (a.uses === 'cli/runNpmCommand') {
          const [verb, script] = String(w.args).split(' ');
          if (verb === 'run') expect(Object.keys(scripts)).toContain(script);
          else expect(['ci', 'install']).toContain(verb);
        }
        if (typeof w.appPackagePath === 'string')
          expect(path.join(ROOT, w.appPackagePath)).toBe(DEFAULT_PACKAGE_FILE);
      }
    });

    it('when it uses ${{VARIABLES}}, then each is set in its env file, written by an earlier step, or the toolkit’s own', () => {
      const known = new Set([...envFile(env), ...BUILT_IN]);
      const unknown: string[] = [];
      for (const a of actions) {
        const used = [...JSON.stringify(a).matchAll(/\$\{\{([A-Z0-9_]+)\}\}/g)].map((m) => m[1]);
        unknown.push(...used.filter((v) => !known.has(v)));
        for (const v of Object.values(a.writeToEnvironmentFile ?? {})) known.add(v);
        if (a.uses === 'arm/deploy')
          for (const t of (a.with?.templates ?? []) as { path: string; parameters: string }[]) {
            for (const o of bicepOutputs(t.path)) known.add(o);
            const params = readFileSync(path.join(ROOT, t.parameters), 'utf8');
            for (const m of params.matchAll(/\$\{\{([A-Z0-9_]+)\}\}/g))
              if (!known.has(m[1])) unknown.push(m[1]);
          }
      }
      expect([...new Set(unknown)]).toEqual([]);
    });
  });

  it('when the toolkit writes secrets, then git ignores the files they go to', () => {
    const ignore = readFileSync(path.join(ROOT, '.gitignore'), 'utf8');
    for (const pattern of ['env/.env.*.user', '.localConfigs']) expect(ignore).toContain(pattern);
  });

  it('when VS Code offers "Debug in Microsoft 365 Agents Playground", then it runs npm run playground', () => {
    const launch = JSON.parse(readFileSync(path.join(ROOT, '.vscode/launch.json'), 'utf8')) as {
      configurations: { name: string; runtimeArgs: string[] }[];
    };
    const playground = launch.configurations.find((c) => c.name.includes('Agents Playground'));
    expect(playground?.runtimeArgs.slice(0, 2)).toEqual(['run', 'playground']);
    for (const c of launch.configurations) expect(Object.keys(scripts)).toContain(c.runtimeArgs[1]);
  });
});
