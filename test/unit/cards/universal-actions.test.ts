import { z } from 'zod';
import type { Feature } from '../../../src/bot/feature';
import { cardProblems } from '../../../src/cards/card-checks';
import { renderCardJson } from '../../../src/cards/render';
import {
  cardStampSchema,
  confirmedByLine,
  defineVersionedCardAction,
  doneCard,
  refreshFor,
  withNotice,
} from '../../../src/cards/universal-actions';
import { staleCard } from '../../../src/strings/teams-app';
import { createHarness, message, type Harness } from '../bot/support/bot-harness';

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

describe('a versioned card action, pressed in a chat', () => {
  let h: Harness;
  let version = 2;
  const runs: number[] = [];

  const confirm = defineVersionedCardAction({
    action: 'demo.confirm',
    schema: cardStampSchema.extend({ item: z.string() }),
    currentVersion: async () => version,
    currentCard: async () => doneCard({ title: `Item at version ${version}`, status: 'Pending' }),
    run: async (req, data) => {
      runs.push(data.cardVersion);
      version += 1;
      return {
        card: doneCard({ title: data.item, status: 'Done', byLine: `Confirmed by ${req.staff.displayName}` }),
      };
    },
  });
  const feature: Feature = { name: 'demo', actions: [confirm] };

  /** Replies other than the invoke response go out over HTTP unless collected (expectReplies). */
  const press = (data: Record<string, unknown>, deliveryMode: 'expectReplies' | undefined = undefined) =>
    h.send({
      ...message('', 'p1'),
      type: 'invoke',
      name: 'adaptiveCard/action',
      deliveryMode,
      value: { action: { type: 'Action.Execute', verb: 'demo.confirm', data } },
    });

  beforeEach(async () => {
    version = 2;
    runs.length = 0;
    h = await createHarness({ features: () => [feature] });
    await h.addPerson('p1', 'staff', 'Asha Patel');
    await h.send(message('hello', 'p1'));
  });
  afterEach(() => h.close());

  it('when the card is current, then the action runs once and the card turns into "Done" with who confirmed', async () => {
    const { body } = await press({ cardVersion: 2, item: 'Exception for Sam' });
    expect(runs).toEqual([2]);
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const card = JSON.stringify((body as { value: unknown }).value);
    expect(card).toContain('Done');
    expect(card).toContain('Confirmed by Asha Patel');
  });

  it('when the same card is pressed again after it acted, then it does not act twice and says it is out of date', async () => {
    await press({ cardVersion: 2, item: 'Exception for Sam' });
    const { body } = await press({ cardVersion: 2, item: 'Exception for Sam' });
    expect(runs).toEqual([2]);
    const card = (body as { value: { body: { text: string }[] } }).value;
    expect(card.body[0].text).toBe(staleCard);
    expect(JSON.stringify(card)).toContain('Item at version 3');
  });

  it('when the card data has no version stamp, then nothing runs', async () => {
    await press({ item: 'Exception for Sam' }, 'expectReplies');
    expect(runs).toEqual([]);
  });
});
