import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, '..', '..', '..');
const HEADER = 'upn,displayName,aadObjectId,organisation,orgUnit,role,atp,mobile';

function runImport(
  args: string[],
  dataDir: string,
): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'src/cli/import-directory.ts', ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 90_000,
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, TS_NODE_PROJECT: 'tsconfig.json' },
    },
  );
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('npm run import (the CLI)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cli-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('when some rows are bad, then it exits 0, prints the counts and the rejected lines, and no phone number', () => {
    const file = path.join(dir, 'staff.csv');
    fs.writeFileSync(
      file,
      [
        HEADER,
        'a@trust.nhs.example,A One,00000000-0000-4000-8000-000000000001,Org,Unit,staff,no,07700 000111',
        'b@trust.nhs.example,B Two,00000000-0000-4000-8000-000000000002,Org,Unit,staff,no,020 7946 0123',
        '',
      ].join('\n'),
    );
    const out = runImport(['--file', file], path.join(dir, 'data'));
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/created: +1/);
    expect(out.stdout).toMatch(/rejected: +1/);
    expect(out.stdout).toContain('line 3: mobile is not a valid mobile number');
    expect(out.stdout + out.stderr).not.toMatch(/7946|000111|447700/);
  });

  it('when the file is missing or its header is wrong, then it exits 1 with a clear message', () => {
    const missing = runImport(['--file', path.join(dir, 'nope.csv')], path.join(dir, 'data'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('nope.csv does not exist');

    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'email,name\nx@y.example,X\n');
    const header = runImport(['--file', bad], path.join(dir, 'data'));
    expect(header.status).toBe(1);
    expect(header.stderr).toContain('Bad header: missing columns upn, displayName');
  });
});
