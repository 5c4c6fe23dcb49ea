import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNotifier } from '../../../src/adapters/notify/create-notifier';
import { DevOutboxNotifier } from '../../../src/adapters/notify/dev-outbox-notifier';
import { GovUkNotifyNotifier, type SmsClient } from '../../../src/adapters/notify/govuk-notify-notifier';
import { AppError } from '../../../src/errors';
import { FakeClock } from './enrolment-harness';

describe('code notifiers', () => {
  it('when no provider is configured in development, then codes go to DATA_DIR/outbox/sms.log', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const notifier = createNotifier({ dataDir, env: 'development' }, new FakeClock());
    expect(notifier).toBeInstanceOf(DevOutboxNotifier);
    await notifier.sendCode({ channel: 'sms', to: '+447400123456', code: '482913', reference: 'mfa-sms' });
    const log = readFileSync(join(dataDir, 'outbox', 'sms.log'), 'utf8');
    expect(log).toContain('to=+447400123456 code=482913');
  });

  it('when in production without Notify, then no phone channel is offered rather than writing codes to disk', () => {
    const notifier = createNotifier({ dataDir: '/tmp', env: 'production' }, new FakeClock());
    expect(notifier.channels).toEqual([]);
  });

  it('when Notify is configured, then the SMS template gets the code as personalisation', async () => {
    const calls: unknown[][] = [];
    const client: SmsClient = { sendSms: (...args) => Promise.resolve(void calls.push(args)) };
    const notifier = new GovUkNotifyNotifier(client, 'template-1');
    expect(notifier.channels).toEqual(['sms']);
    await notifier.sendCode({ channel: 'sms', to: '+447400123456', code: '482913', reference: 'mfa-sms' });
    expect(calls).toEqual([
      ['template-1', '+447400123456', { personalisation: { code: '482913' }, reference: 'mfa-sms' }],
    ]);
  });

  it('when Notify refuses, then the error names the HTTP status but never the number or the code', async () => {
    const client: SmsClient = {
      sendSms: () =>
        Promise.reject(
          Object.assign(new Error('to +447400123456 code 482913'), { response: { status: 400 } }),
        ),
    };
    const error = await new GovUkNotifyNotifier(client, 't')
      .sendCode({ channel: 'sms', to: '+447400123456', code: '482913', reference: 'r' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(String((error as AppError).message)).toContain('HTTP 400');
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toMatch(/447400123456|482913/);
  });
});
