import { copyJson } from '../../../src/cards/json-copy';
import { allCardTemplates, renderSample } from './card-fixtures';

describe('copying a kept card', () => {
  it('when every card of the gallery is copied, then each copy equals the card read back from its JSON text, and shares no object or array with it', () => {
    const cards = allCardTemplates()
      .filter((f) => f.hasSample)
      .map(renderSample);
    expect(cards.length).toBeGreaterThan(20);
    for (const card of cards) {
      const copy = copyJson(card);
      expect(copy).toEqual(JSON.parse(JSON.stringify(card)));
      const shared: string[] = [];
      const walk = (a: unknown, b: unknown, where: string): void => {
        if (typeof a !== 'object' || a === null) return;
        if (a === b) shared.push(where);
        for (const [k, v] of Object.entries(a)) walk(v, (b as Record<string, unknown>)[k], `${where}.${k}`);
      };
      walk(copy, card, '$');
      expect(shared).toEqual([]);
    }
  });

  it("when a slot is given, then it is filled wherever it stands, whole or inside a text, and the value's own text is left as it is", () => {
    const slot = '\u0000q\u0000';
    const card = { a: slot, b: [`You asked "${slot}".`, 3, true, null], c: { d: 'no slot' } };
    expect(copyJson(card, { slot, value: `it says ${slot} $1` })).toEqual({
      a: `it says ${slot} $1`,
      b: [`You asked "it says ${slot} $1".`, 3, true, null],
      c: { d: 'no slot' },
    });
    expect(card.a).toBe(slot);
  });
});
