import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { cardsDir } from '../../../src/project-paths';
import { renderCardJson } from '../../../src/cards/render';

export interface CardFixture {
  name: string;
  sampleFile: string;
  hasSample: boolean;
}

/** Every template in cards/ with the path of its sample data (cards/samples/<name>.json). */
export function allCardTemplates(): CardFixture[] {
  const dir = cardsDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const name = basename(f, '.json');
      const sampleFile = join(dir, 'samples', `${name}.json`);
      return { name, sampleFile, hasSample: existsSync(sampleFile) };
    });
}

/** The template expanded with its sample data; strict, so a field the sample lacks is an error. */
export function renderSample(fixture: CardFixture): Record<string, unknown> {
  const data = JSON.parse(readFileSync(fixture.sampleFile, 'utf8')) as object;
  return renderCardJson(fixture.name, data, { strict: true });
}
