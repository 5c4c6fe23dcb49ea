import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ZipFile } from 'yazl';
import type { PackageConfig } from '../src/config';
import { manifestProblems } from './manifest-schema';
import { fillTemplate, manifestValues } from './manifest-values';

export const MANIFEST_DIR = __dirname;
export const DEFAULT_PACKAGE_FILE = join(MANIFEST_DIR, 'build', 'appPackage.zip');
const ICONS = ['color.png', 'outline.png'] as const;
/** A fixed timestamp so the same inputs always give the same zip. */
const ZIP_TIME = new Date('2026-01-01T00:00:00Z');

export class ManifestInvalidError extends Error {
  constructor(public readonly problems: string[]) {
    super(`The Teams manifest does not match the schema:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ManifestInvalidError';
  }
}

export interface BuiltPackage {
  file: string;
  manifest: Record<string, unknown>;
  warnings: string[];
}

/** manifest.template.json filled from settings, and checked against the schema (throws when invalid). */
export function buildManifest(config: PackageConfig): {
  manifest: Record<string, unknown>;
  warnings: string[];
} {
  const template: unknown = JSON.parse(readFileSync(join(MANIFEST_DIR, 'manifest.template.json'), 'utf8'));
  const pkg = JSON.parse(readFileSync(join(MANIFEST_DIR, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const { values, warnings } = manifestValues(config, pkg.version);
  const manifest = fillTemplate(template, values) as Record<string, unknown>;
  const problems = manifestProblems(manifest);
  if (problems.length > 0) throw new ManifestInvalidError(problems);
  return { manifest, warnings };
}

/** Writes manifest.json and the two icons into a zip, the file Teams takes as a custom app. */
export async function writeAppPackage(manifest: object, file: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const zip = new ZipFile();
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json', { mtime: ZIP_TIME });
  for (const icon of ICONS) zip.addFile(join(MANIFEST_DIR, icon), icon, { mtime: ZIP_TIME });
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('close', () => resolve());
    out.on('error', reject);
    zip.outputStream.on('error', reject);
    zip.outputStream.pipe(out);
  });
}

export async function buildAppPackage(
  config: PackageConfig,
  file = DEFAULT_PACKAGE_FILE,
): Promise<BuiltPackage> {
  const { manifest, warnings } = buildManifest(config);
  await writeAppPackage(manifest, file);
  return { file, manifest, warnings };
}
