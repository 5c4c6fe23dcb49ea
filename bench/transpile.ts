import { mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.join(__dirname, '..');
const DIRS = ['src', 'dialogs', 'bench'];

/**
 * Transpiles src/, dialogs/ and bench/ to plain JavaScript under .tmp/bench-js (once per run, about a
 * second), so the servers under test start as `node dist` would: without ts-node and the TypeScript
 * compiler in their memory and start-up time. The project root is still found (package.json above).
 * Returns the output root.
 */
export function transpileForChildren(): string {
  const out = path.join(ROOT, '.tmp', 'bench-js');
  rmSync(out, { recursive: true, force: true });
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    resolveJsonModule: true,
  };
  for (const dir of DIRS) {
    for (const file of tsFiles(path.join(ROOT, dir))) {
      const js = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file });
      const target = path.join(out, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, js.outputText);
    }
  }
  return out;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}
