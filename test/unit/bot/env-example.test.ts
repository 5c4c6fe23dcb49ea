import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configSchema, loadConfig } from '../../../src/config';

const ROOT = path.resolve(__dirname, '../../..');

function envExample(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path.join(ROOT, '.env.example'), 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m?.[1] !== undefined) out[m[1]] = m[2] ?? '';
  }
  return out;
}

describe('.env.example', () => {
  it('when a setting exists in src/config.ts, then .env.example documents it (and nothing that does not exist)', () => {
    const documented = Object.keys(envExample()).sort();
    const settings = Object.keys(configSchema.shape).sort();
    expect(documented).toEqual(settings);
  });

  it('when .env.example is copied as it is, then the bot starts with it (the example values are valid)', () => {
    expect(() => loadConfig(envExample())).not.toThrow();
  });

  it('when .env.example is copied, then MFA_DEADLINE is set, so deadline answers and the campaign form have a date', () => {
    expect(loadConfig(envExample()).deadline).toBeInstanceOf(Date);
  });

  it('when a setting exists, then the configuration reference (docs/configuration.md) lists it', () => {
    const reference = readFileSync(path.join(ROOT, 'docs', 'configuration.md'), 'utf8');
    const missing = Object.keys(configSchema.shape).filter((name) => !reference.includes(`| \`${name}\` |`));
    expect(missing).toEqual([]);
  });
});
