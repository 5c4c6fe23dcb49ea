import { createLogger, newTurnId, REDACTED, turnLogger } from '../../../src/logger';
import { LogCapture } from './support/bot-harness';

describe('logger', () => {
  it('when secrets, codes or phone numbers are logged at any of the first levels, then they are redacted', async () => {
    const logs = new LogCapture();
    const log = createLogger({ level: 'info', destination: logs.stream });
    log.info(
      {
        password: 'hunter2',
        code: '123456',
        req: { headers: { authorization: 'Bearer abc.def' } },
        staff: { mobile: '+447700900123', enrolment: { totp: { seed: 'JBSWY3DPEHPK3PXP' } } },
        result: { otp: '654321', phone: '07700 900123', e164: '+447700900123', token: 't', secret: 's' },
        upn: 'a@example.org',
      },
      'something happened',
    );
    await new Promise((r) => setImmediate(r));
    const line = logs.text();
    for (const secret of [
      'hunter2',
      '123456',
      'abc.def',
      '+447700900123',
      'JBSWY3DPEHPK3PXP',
      '654321',
      '07700 900123',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain(REDACTED);
    expect(line).toContain('a@example.org');
  });

  it('when a turn logger is made, then every line carries the turn id', async () => {
    const logs = new LogCapture();
    const log = turnLogger(createLogger({ level: 'info', destination: logs.stream }), 'ABC123');
    log.info('one');
    log.warn('two');
    await new Promise((r) => setImmediate(r));
    expect(logs.lines.map((l) => l.turnId)).toEqual(['ABC123', 'ABC123']);
  });

  it('when a turn logs nothing, then no child logger is made (its redaction pass is not paid); the first line makes it', async () => {
    const logs = new LogCapture();
    const base = createLogger({ level: 'info', destination: logs.stream });
    const child = jest.spyOn(base, 'child');
    const log = turnLogger(base, 'QUIET1', { activityType: 'message' });
    expect(child).not.toHaveBeenCalled();
    log.info('first');
    log.warn('second');
    expect(child).toHaveBeenCalledTimes(1);
    log.child({ step: 'x' }).warn('nested');
    await new Promise((r) => setImmediate(r));
    expect(logs.lines.map((l) => [l.turnId, l.activityType, l.msg])).toEqual([
      ['QUIET1', 'message', 'first'],
      ['QUIET1', 'message', 'second'],
      ['QUIET1', 'message', 'nested'],
    ]);
  });

  it('when many turns start, then each gets its own ten-character reference, past the point where the random pool refills', () => {
    const ids = Array.from({ length: 2_000 }, () => newTurnId());
    for (const id of ids) expect(id).toMatch(/^[0-9A-F]{10}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
