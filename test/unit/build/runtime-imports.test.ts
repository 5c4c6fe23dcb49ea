import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

/**
 * What `npm run start:prod` and the operator commands load must be production dependencies: after
 * `npm ci --omit=dev` (the container image, docs/deploy.md) no devDependency is installed. Follows every
 * relative import (static, dynamic `import()` and `require`, not `import type`) from the entry points and
 * checks each package import against package.json.
 */
const ROOT = path.resolve(__dirname, '../../..');
const ENTRY_POINTS = ['src/index.ts', 'src/cli/import-directory.ts', 'src/cli/sync-directory.ts'];
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Module specifiers a file loads at run time. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
      const named = node.importClause?.namedBindings;
      const onlyTypes =
        !node.importClause?.name &&
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly);
      if (!onlyTypes) found.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) {
      found.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function resolveLocal(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base])
    if (existsSync(candidate) && candidate.endsWith('.ts')) return candidate;
  if (existsSync(base)) return base; // a JSON file
  throw new Error(`${path.relative(ROOT, from)}: cannot resolve ${specifier}`);
}

function packagesLoaded(entries: string[]): Map<string, string> {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const queue = entries.map((e) => path.join(ROOT, e));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file) || !file.endsWith('.ts')) continue;
    seen.add(file);
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith('.')) queue.push(resolveLocal(file, specifier));
      else if (!specifier.startsWith('node:') && !builtinModules.includes(specifier))
        packages.set(packageName(specifier), path.relative(ROOT, file));
    }
  }
  return packages;
}

describe('what production loads', () => {
  const loaded = packagesLoaded(ENTRY_POINTS);

  it('when the imports of the bot and the operator commands are followed, then they reach the packages a bot needs', () => {
    expect([...loaded.keys()]).toEqual(expect.arrayContaining(['botbuilder', 'restify', 'zod', 'mongodb']));
  });

  it('when each package they import is looked up, then it is a production dependency, never a devDependency', () => {
    const notProduction = [...loaded].filter(([name]) => !(name in pkg.dependencies));
    expect(notProduction.map(([name, file]) => `${name} (imported by ${file})`)).toEqual([]);
  });

  it('when a file imports a devDependency, then the check finds it (the check can fail)', () => {
    const playground = packagesLoaded(['tools/gallery.ts']);
    expect(playground.has('playwright-core')).toBe(true);
    expect('playwright-core' in pkg.devDependencies).toBe(true);
  });
});
