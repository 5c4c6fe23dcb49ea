import { cardProblems } from '../../support/cards/card-checks';
import { allCardTemplates, renderSample } from './card-fixtures';

const cards = allCardTemplates();

describe('every card template in cards/', () => {
  it('when the folder is read, then there are cards to check', () => {
    expect(cards.length).toBeGreaterThan(0);
  });

  it.each(cards.map((c) => [c.name, c] as const))(
    'when %s is filled with its sample data, then it is a valid, accessible 1.5 card',
    (_name, card) => {
      expect(card.hasSample ? [] : [`missing sample data ${card.sampleFile}`]).toEqual([]);
      expect(cardProblems(renderSample(card))).toEqual([]);
    },
  );
});
