import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import GithubSlugger from 'github-slugger';

const ROOT = path.resolve(__dirname, '../../..');

/** README.md and every Markdown file under docs/ (not the generated gallery images). */
function documents(): string[] {
  const docs = readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join('docs', name));
  return ['README.md', ...docs];
}

/** The anchors GitHub gives a file's headings (same slugs, duplicates numbered). */
function anchorsOf(file: string): Set<string> {
  const slugger = new GithubSlugger();
  const text = readFileSync(path.join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  const headings = [...text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) => m[1] ?? '');
  return new Set(headings.map((h) => slugger.slug(h.replace(/`/g, ''))));
}

interface Link {
  from: string;
  target: string;
}

/** Markdown links whose target is not a web address or mail link, outside code blocks. */
function relativeLinks(file: string): Link[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((m) => m[1] ?? '')
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
    .map((target) => ({ from: file, target }));
}

function brokenReason(link: Link): string | undefined {
  const [pathPart = '', anchor] = link.target.split('#');
  const resolved = pathPart === '' ? link.from : path.join(path.dirname(link.from), pathPart);
  const absolute = path.join(ROOT, resolved);
  if (!existsSync(absolute)) return `${resolved} does not exist`;
  if (anchor === undefined || anchor === '') return undefined;
  if (!resolved.endsWith('.md') || statSync(absolute).isDirectory()) return undefined;
  return anchorsOf(resolved).has(anchor) ? undefined : `${resolved} has no heading #${anchor}`;
}

describe('links between the documents', () => {
  it('when README.md or a page in docs/ links to a file or a heading, then that file and heading exist', () => {
    const broken = documents()
      .flatMap(relativeLinks)
      .map((link) => ({ link, reason: brokenReason(link) }))
      .filter((b) => b.reason !== undefined)
      .map((b) => `${b.link.from}: (${b.link.target}) ${b.reason}`);
    expect(broken).toEqual([]);
  });

  it('when the README is read by a newcomer, then it stays short (depth lives in docs/)', () => {
    const lines = readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n').length;
    expect(lines).toBeLessThanOrEqual(250);
  });
});
