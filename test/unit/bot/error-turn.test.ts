import type { Feature } from '../../../src/bot/feature';
import { AppError, StoreUnavailableError } from '../../../src/errors';
import { common } from '../../../src/strings';
import { createHarness, message, texts, type Harness } from './support/bot-harness';

const failing: Feature = {
  name: 'failing',
  commands: [
    {
      id: 'boom',
      phrases: ['boom'],
      usage: 'boom',
      description: 'Throws a bug',
      audience: 'staff',
      run: async () => {
        throw new TypeError('cannot read properties of undefined (reading "seed")');
      },
    },
    {
      id: 'busy',
      phrases: ['busy'],
      usage: 'busy',
      description: 'Throws an operational error',
      audience: 'staff',
      run: async () => {
        throw new AppError('RATE_LIMITED');
      },
    },
  ],
};

describe('error turn', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('when a feature has a bug, then the person gets an apology with a reference id and the log one error line with details', async () => {
    h = await createHarness({ features: () => [failing] });
    await h.addPerson('p1');
    await h.send(message('hi', 'p1'));
    const { status, activities } = await h.send(message('boom', 'p1'));
    expect(status).toBe(200);
    const reply = texts(activities);
    expect(reply).toHaveLength(1);
    const ref = /reference: ([0-9A-F]{10})\./.exec(reply[0] ?? '')?.[1];
    expect(ref).toBeDefined();
    expect(reply[0]).toBe(common.apology(ref as string));
    expect(reply[0]).not.toContain('seed');
    const errors = h.logs.at('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ turnId: ref, referenceId: ref, msg: 'turn failed' });
    expect(JSON.stringify(errors[0])).toContain('reading \\"seed\\"');
    const metrics = await h.metrics.text();
    expect(metrics).toContain('turn_errors_total{code="INTERNAL"} 1');
  });

  it('when an operational error happens, then its own message is shown and it is logged at warn, not error', async () => {
    h = await createHarness({ features: () => [failing] });
    await h.addPerson('p1');
    await h.send(message('hi', 'p1'));
    const { activities } = await h.send(message('busy', 'p1'));
    expect(texts(activities)).toEqual([new AppError('RATE_LIMITED').userMessage]);
    expect(h.logs.at('error')).toHaveLength(0);
    expect(h.logs.at('warn').some((l) => l.errorCode === 'RATE_LIMITED')).toBe(true);
  });

  it('when the store is down, then the person is asked to try again in a few minutes', async () => {
    let down = false;
    h = await createHarness({
      wrapStaff: (inner) =>
        new Proxy(inner, {
          get(target, prop, receiver) {
            const value = Reflect.get(target, prop, receiver) as unknown;
            if (typeof value !== 'function') return value;
            return (...args: unknown[]) => {
              if (down) return Promise.reject(new StoreUnavailableError(new Error('connection refused')));
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
          },
        }),
    });
    await h.addPerson('p1');
    down = true;
    const { activities } = await h.send(message('help', 'p1'));
    expect(texts(activities)).toEqual([common.storeUnavailable]);
    expect(texts(activities)[0]).toBe(
      "I can't reach my records right now, please try again in a few minutes.",
    );
    expect(h.logs.at('error')).toHaveLength(0);
  });
});

describe('turn metrics', () => {
  it('when activities of made-up types arrive, then they are counted as "other" and cannot add metric series', async () => {
    const h = await createHarness();
    try {
      await h.send({ ...message('', 'p1'), type: 'x-attack-1' });
      await h.send({ ...message('', 'p1'), type: 'x-attack-2' });
      await h.send(message('hi', 'nobody'));
      const text = await h.metrics.text();
      expect(text).toContain('turns_total{type="other"} 2');
      expect(text).toContain('turns_total{type="message"} 1');
      expect(text).not.toContain('x-attack');
    } finally {
      await h.close();
    }
  });
});
