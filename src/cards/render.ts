import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { type Attachment, CardFactory } from 'botbuilder';
import { BoundedMemo } from '../domain/bounded-memo';
import { copyJson } from './json-copy';
import { cardsDir } from '../project-paths';

/**
 * Fills the Adaptive Card templates in cards/<name>.json with data (adaptivecards-templating).
 * Templates are read once and cached. Cards are never built inline in code: add a template instead.
 */
export type CardData = object;

export interface RenderOptions {
  /**
   * Strict mode (tests): throw when the template refers to a field the data does not have.
   * Otherwise a missing field renders as an empty string rather than as "${field}".
   */
  strict?: boolean;
  /**
   * The data holds nothing personal or secret and the same data comes again and again (an enrolment step's
   * card, re-shown after every question asked mid-flow): the expanded card is kept, and the next render of the
   * same template and data is a copy of it (json-copy.ts) instead of a new expansion.
   */
  reuse?: boolean;
}

/** Expanded cards kept for `reuse` renders: bounded, cleared when full. */
const MAX_REUSED = 500;

export class CardTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CardTemplateError';
  }
}

const TEMPLATE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MISSING = '\u0000missing\u0000';

function stripMissing(value: unknown): unknown {
  if (typeof value === 'string') return value.split(MISSING).join('');
  if (Array.isArray(value)) return value.map(stripMissing);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripMissing(v)]));
  }
  return value;
}

export class CardRenderer {
  private readonly templates = new Map<string, ACData.Template>();
  private readonly reused = new BoundedMemo<string, Record<string, unknown>>(MAX_REUSED);

  /** @param dir the folder holding <name>.json templates; read lazily so construction never fails. */
  constructor(private readonly dir: () => string = cardsDir) {}

  templateJson(templateName: string): Record<string, unknown> {
    if (!TEMPLATE_NAME.test(templateName)) {
      throw new CardTemplateError(`Card template names are kebab-case words, got "${templateName}"`);
    }
    let text: string;
    try {
      text = readFileSync(join(this.dir(), `${templateName}.json`), 'utf8');
    } catch {
      throw new CardTemplateError(`No card template cards/${templateName}.json`);
    }
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      throw new CardTemplateError(`cards/${templateName}.json is not valid JSON: ${(e as Error).message}`);
    }
  }

  /** The expanded card as plain JSON (Universal Action responses, tests). */
  renderJson(templateName: string, data: CardData, options: RenderOptions = {}): Record<string, unknown> {
    if (!options.reuse) return this.expand(templateName, data, options);
    const key = JSON.stringify([templateName, options.strict === true, data]);
    const kept = this.reused.get(key, () => this.expand(templateName, data, options));
    return copyJson(kept) as Record<string, unknown>;
  }

  private expand(templateName: string, data: CardData, options: RenderOptions): Record<string, unknown> {
    const t = this.template(templateName);
    const missing = new Set<string>();
    const previous = ACData.GlobalSettings.getUndefinedFieldValueSubstitutionString;
    // expand() is synchronous, so swapping the global hook around it cannot leak into another render.
    ACData.GlobalSettings.getUndefinedFieldValueSubstitutionString = (path: string) => {
      missing.add(path);
      // The engine ignores an empty substitution, so mark the gap and remove the marks afterwards.
      return MISSING;
    };
    let card: unknown;
    try {
      card = t.expand({ $root: data });
    } finally {
      ACData.GlobalSettings.getUndefinedFieldValueSubstitutionString = previous;
    }
    if (options.strict && missing.size > 0) {
      throw new CardTemplateError(
        `Card ${templateName} refers to data it was not given: ${[...missing].sort().join(', ')}`,
      );
    }
    if (typeof card !== 'object' || card === null || Array.isArray(card)) {
      throw new CardTemplateError(`Card ${templateName} did not expand to an object`);
    }
    return (missing.size > 0 ? stripMissing(card) : card) as Record<string, unknown>;
  }

  /** The expanded card as a Bot Framework attachment, ready for sendActivity({ attachments: [...] }). */
  render(templateName: string, data: CardData, options: RenderOptions = {}): Attachment {
    return CardFactory.adaptiveCard(this.renderJson(templateName, data, options));
  }

  clearCache(): void {
    this.templates.clear();
    this.reused.clear();
  }

  private template(templateName: string): ACData.Template {
    let t = this.templates.get(templateName);
    if (!t) {
      t = new ACData.Template(this.templateJson(templateName));
      this.templates.set(templateName, t);
    }
    return t;
  }
}

/** The renderer over the project's cards/ folder. */
export const cardRenderer = new CardRenderer();

/** cards/<templateName>.json filled with data, as an attachment. */
export function renderCard(templateName: string, data: CardData, options?: RenderOptions): Attachment {
  return cardRenderer.render(templateName, data, options);
}

/** An already expanded card (for example one with a refresh block added) as an attachment. */
export function cardAttachment(card: Record<string, unknown>): Attachment {
  return CardFactory.adaptiveCard(card);
}

/** cards/<templateName>.json filled with data, as JSON. */
export function renderCardJson(
  templateName: string,
  data: CardData,
  options?: RenderOptions,
): Record<string, unknown> {
  return cardRenderer.renderJson(templateName, data, options);
}
