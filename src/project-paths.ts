import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where the files the bot reads at run time live (cards/, content/), found from this file's location.
 *
 * The repository root: the nearest ancestor of this file holding package.json and cards/.
 * Works from src/ (ts-node, jest) and from dist/src/ (after tsc), whatever the working directory.
 */
export function findProjectRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'cards'))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`Cannot find the project root (package.json and cards/) above ${start}`);
    dir = parent;
  }
}

let cached: string | undefined;

export function projectRoot(): string {
  cached ??= findProjectRoot();
  return cached;
}

/** The Adaptive Card templates (cards/*.json). */
export function cardsDir(): string {
  return join(projectRoot(), 'cards');
}

/** The FAQ knowledge base (content/faq/*.md). */
export function faqContentDir(): string {
  return join(projectRoot(), 'content', 'faq');
}
