import { cardProblems } from '../../support/cards/card-checks';
import { renderCardJson } from '../../../src/cards/render';
import { confirmedByLine, doneCard, refreshFor, withNotice } from '../../../src/cards/in-place-cards';
import { staleCard } from '../../../src/strings/teams-app';

describe('card helpers for in-place updates', () => {
  it('when a step is finished, then the done card says so in words and passes every card check', () => {
    const card = doneCard({
      title: 'Microsoft Authenticator is set up',
      status: 'Done',
      byLine: confirmedByLine('Asha Patel', new Date('2026-07-01T08:05:00Z'), 'Europe/London'),
    });
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('Confirmed by Asha Patel at 09:05 on 1 July 2026.');
    expect(card.speak).toBe(
      'Done. Microsoft Authenticator is set up. Confirmed by Asha Patel at 09:05 on 1 July 2026.',
    );
  });

  it('when an out-of-date notice is added, then it is the first line, is spoken first and the card stays valid', () => {
    const card = withNotice(doneCard({ title: 'Exception granted', status: 'Done' }), staleCard);
    expect((card.body as { text: string }[])[0].text).toBe(staleCard);
    expect(String(card.speak).startsWith(staleCard)).toBe(true);
    expect(cardProblems(card)).toEqual([]);
  });

  it('when a refresh is asked for more than 60 people, then only 60 are listed (the Teams limit)', () => {
    const ids = Array.from({ length: 75 }, (_, i) => `user-${i}`);
    const refresh = refreshFor(ids, 'status.refresh', { cardVersion: 1 });
    expect(refresh.userIds).toHaveLength(60);
    const card = {
      ...renderCardJson('action-done', { title: 't', status: 'Done', detail: '', byLine: '', speak: 's' }),
      refresh,
    };
    expect(cardProblems(card)).toEqual([]);
  });
});
