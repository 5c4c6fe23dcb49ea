import type { Feature } from '../../../src/bot/feature';
import { StubBotConnector } from '../../support/stub-bot-connector';
import { createHarness, message, type Harness } from './support/bot-harness';

const slow: Feature = {
  name: 'slow',
  commands: [
    {
      id: 'slow',
      phrases: ['slow'],
      usage: 'slow',
      description: 'Takes a while',
      audience: 'staff',
      run: async (req, args) => {
        await new Promise((r) => setTimeout(r, Number(args)));
        await req.turn.sendActivity('finally');
      },
    },
  ],
};

describe('typing indicator', () => {
  let h: Harness;
  let connector: StubBotConnector;
  let serviceUrl: string;

  beforeEach(async () => {
    connector = new StubBotConnector();
    serviceUrl = await connector.start();
    h = await createHarness({ features: () => [slow] });
    await h.addPerson('p1');
    await h.send(message('hi', 'p1'));
  });
  afterEach(async () => {
    await h.close();
    await connector.stop();
  });

  const sent = (): string[] => connector.accepted.map((a) => String(a.activity.type));

  it('when a turn takes longer than a moment, then Teams is shown "typing..." before the answer', async () => {
    await h.send(message('slow 1300', 'p1', { deliveryMode: undefined, serviceUrl }));
    expect(sent()).toEqual(['typing', 'message']);
  });

  it('when a turn is quick, then no typing indicator is sent', async () => {
    await h.send(message('slow 0', 'p1', { deliveryMode: undefined, serviceUrl }));
    expect(sent()).toEqual(['message']);
  });

  it('when replies are expected in the HTTP response, then no typing indicator is sent anywhere', async () => {
    const { activities } = await h.send(message('slow 1300', 'p1', { serviceUrl }));
    expect(sent()).toEqual([]);
    expect(activities.map((a) => a.text)).toEqual(['finally']);
  });
});
