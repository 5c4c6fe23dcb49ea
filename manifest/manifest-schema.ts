import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

/**
 * The official Teams app manifest schema, v1.29: a pinned copy of
 * build/json-schemas/teams/v1.29/MicrosoftTeams.schema.json from the npm package @microsoft/app-manifest@1.1.2
 * (see manifest/schema/README.md). It is JSON-schema draft-04, hence ajv-draft-04.
 */
export const MANIFEST_VERSION = '1.29';
export const SCHEMA_FILE = join(__dirname, 'schema', `MicrosoftTeams.v${MANIFEST_VERSION}.schema.json`);

let validator: ValidateFunction | undefined;

function compile(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv04({ allErrors: true, strict: false });
    addFormats(ajv, ['uri', 'email', 'regex']);
    validator = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
  }
  return validator;
}

/** Schema problems, one line each; empty when the manifest is valid. */
export function manifestProblems(manifest: unknown): string[] {
  const validate = compile();
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`,
  );
}
