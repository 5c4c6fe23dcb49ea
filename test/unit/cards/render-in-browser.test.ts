/**
 * The adaptivecards renderer needs a DOM; botbuilder (imported by the renderer) must still load its Node build.
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { AC } from '../../support/cards/adaptivecards-lib';
import { allCardTemplates, renderSample } from './card-fixtures';

/** The few DOM members used here (the project compiles without the DOM library). */
interface DomNode {
  textContent: string | null;
  querySelectorAll(selector: string): { length: number };
}

const cards = allCardTemplates().filter((c) => c.hasSample);

beforeAll(() => {
  // jsdom has no innerText, which the renderer uses for plain text; map it onto textContent.
  const dom = globalThis as unknown as { HTMLElement: { prototype: object } };
  Object.defineProperty(dom.HTMLElement.prototype, 'innerText', {
    configurable: true,
    get(this: DomNode) {
      return this.textContent;
    },
    set(this: DomNode, value: string) {
      this.textContent = value;
    },
  });
  // Teams renders markdown; here plain text is enough (the renderer warns when no processor is set).
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c);
    result.didProcess = true;
  };
});

function textOf(card: Record<string, unknown>): string[] {
  const texts: string[] = [];
  JSON.stringify(card, (key, value: unknown) => {
    if (key === 'text' && typeof value === 'string' && value.trim().length > 3) texts.push(value);
    return value;
  });
  return texts;
}

describe('cards rendered to HTML by the adaptivecards package', () => {
  it.each(cards.map((c) => [c.name, c] as const))(
    'when %s is rendered, then its text appears in the HTML',
    (_name, card) => {
      const json = renderSample(card);
      const adaptive = new AC.AdaptiveCard();
      adaptive.hostConfig = new AC.HostConfig({ supportsInteractivity: true });
      adaptive.parse(json, new AC.SerializationContext(AC.Versions.v1_5));
      const element = adaptive.render() as DomNode | undefined;
      expect(element).toBeDefined();
      const html = element?.textContent ?? '';
      const plain = (s: string) =>
        s
          .replace(/\*\*|_|\[|\]\([^)]*\)/g, '')
          .replace(/\s+/g, ' ')
          .trim();
      const actions = Array.isArray(json.actions) ? json.actions.length : 0;
      expect(element?.querySelectorAll('button').length ?? 0).toBeGreaterThanOrEqual(actions);
      for (const text of textOf(json).slice(0, 5))
        expect(plain(html).replace(/\s+/g, ' ')).toContain(plain(text).slice(0, 20));
    },
  );
});
