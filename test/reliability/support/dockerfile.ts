import { readFileSync } from 'node:fs';

/** One Dockerfile instruction, continuation lines joined: `COPY src src` -> { keyword: 'COPY', args: 'src src' }. */
export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/**
 * The stages of a Dockerfile, enough to check it and to replay its build stage outside Docker: comments and
 * the parser directive dropped, `\` continuations joined, `${ARG}`s before the first FROM substituted.
 */
export function readDockerfile(file: string): Stage[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const joined: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (current === '' && (line.trim().startsWith('#') || line.trim() === '')) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1).trim()} `;
      continue;
    }
    joined.push((current + line.trim()).trim());
    current = '';
  }
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const text of joined) {
    const space = text.indexOf(' ');
    const keyword = text.slice(0, space).toUpperCase();
    const rest = text.slice(space + 1).trim();
    if (keyword === 'ARG' && stages.length === 0) {
      const [name, value = ''] = rest.split('=');
      args[name] = value;
      continue;
    }
    if (keyword === 'FROM') {
      const [image, as, name] = rest.replace(/\$\{(\w+)\}/g, (_, n: string) => args[n] ?? '').split(/\s+/);
      stages.push({ from: image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
      continue;
    }
    if (stages.length === 0) throw new Error(`${keyword} before the first FROM`);
    stages.at(-1)!.instructions.push({ keyword, args: rest });
  }
  return stages;
}

/** `COPY [--from=x] a b dest` -> { from, sources: [a, b], dest }. */
export function copyParts(args: string): { from?: string; sources: string[]; dest: string } {
  const words = args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  return { from, sources: paths.slice(0, -1), dest: paths.at(-1)! };
}

/**
 * An allow-list .dockerignore (first pattern `**`, then `!path` or `!dir/`): is this context path sent to
 * the builder? Only that form is understood; anything else is an error, so the check cannot silently pass.
 */
export function allowListFrom(file: string): (path: string) => boolean {
  const patterns = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (patterns[0] !== '**') throw new Error('.dockerignore must start with ** (an allow-list)');
  const allowed = patterns.slice(1).map((p) => {
    if (!p.startsWith('!') || p.includes('*')) throw new Error(`unexpected .dockerignore pattern ${p}`);
    return p.slice(1).replace(/\/$/, '');
  });
  return (path) => {
    const clean = path.replace(/^\.\//, '').replace(/\/$/, '');
    return allowed.some((a) => clean === a || clean.startsWith(`${a}/`));
  };
}
