/**
 * `npm run package`: builds manifest/build/appPackage.zip from manifest.template.json, the settings (.env)
 * and the icons, after validating the manifest against the Teams v1.29 schema. Exit code 1 when invalid.
 */
import { config as loadDotenv } from 'dotenv';
import { relative } from 'node:path';
import { ConfigError, loadPackageConfig } from '../src/config';
import { buildAppPackage, ManifestInvalidError } from './app-package';

async function main(): Promise<number> {
  loadDotenv({ quiet: true });
  try {
    const built = await buildAppPackage(loadPackageConfig());
    for (const w of built.warnings) console.warn(`warning: ${w}`);
    const bot = (built.manifest.bots as { botId: string }[])[0];
    console.log(
      `Wrote ${relative(process.cwd(), built.file)}: "${String((built.manifest.name as { short: string }).short)}" ` +
        `version ${String(built.manifest.version)}, bot ${bot.botId}, manifest schema ${String(built.manifest.manifestVersion)} (valid).`,
    );
    return 0;
  } catch (e) {
    if (e instanceof ManifestInvalidError || e instanceof ConfigError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
