import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import { type FaqEntry, faqEntrySchema } from './faq-entry';

export interface FaqLoadProblem {
  file: string;
  reason: string;
}

export interface FaqLoadResult {
  entries: FaqEntry[];
  problems: FaqLoadProblem[];
}

/** Parses one Markdown file with front matter into an entry, or explains why it is invalid. */
export function parseFaqFile(file: string, text: string): { entry: FaqEntry } | { problem: FaqLoadProblem } {
  let parsed: matter.GrayMatterFile<string>;
  try {
    // Passing options disables gray-matter's cache, so edited files are always re-read.
    parsed = matter(text, { excerpt: false });
  } catch (e) {
    return {
      problem: { file, reason: `front matter is not valid YAML: ${(e as Error).message.split('\n')[0]}` },
    };
  }
  const result = faqEntrySchema.safeParse({
    ...(parsed.data as Record<string, unknown>),
    answer: parsed.content,
  });
  if (!result.success) {
    const reason = result.error.issues.map((i) => `${i.path.join('.') || 'entry'}: ${i.message}`).join('; ');
    return { problem: { file, reason } };
  }
  return { entry: result.data };
}

/**
 * Loads every *.md file in `dir` (one entry per file). Invalid files and duplicate ids are reported
 * with the file name and the reason; every valid entry still loads. Synchronous: a few dozen small files,
 * read at start-up and on `reload faq`.
 */
export function loadFaqDirectory(dir: string): FaqLoadResult {
  const names = readdirSync(dir)
    .filter((n) => n.endsWith('.md'))
    .sort();
  const entries: FaqEntry[] = [];
  const problems: FaqLoadProblem[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const outcome = parseFaqFile(name, readFileSync(join(dir, name), 'utf8'));
    if ('problem' in outcome) {
      problems.push(outcome.problem);
      continue;
    }
    const first = seen.get(outcome.entry.id);
    if (first) {
      problems.push({ file: name, reason: `duplicate id "${outcome.entry.id}" (already used by ${first})` });
      continue;
    }
    seen.set(outcome.entry.id, name);
    entries.push(outcome.entry);
  }
  return { entries, problems };
}
