import type { Config } from '../../config';
import { AppError } from '../../errors';
import type { Clock } from '../../ports/clock';
import type { Notifier } from '../../ports/notifier';
import { DevOutboxNotifier } from './dev-outbox-notifier';
import { createGovUkNotifyNotifier } from './govuk-notify-notifier';

/** In production without Notify settings there is no phone option at all (codes never go to a file there). */
const noPhoneNotifier: Notifier = {
  channels: [],
  sendCode: () => Promise.reject(new AppError('VALIDATION', 'Phone codes are not available here.')),
};

/** GOV.UK Notify when NOTIFY_API_KEY and NOTIFY_SMS_TEMPLATE_ID are set, otherwise the development outbox. */
export function createNotifier(config: Pick<Config, 'notify' | 'dataDir' | 'env'>, clock: Clock): Notifier {
  if (config.notify) return createGovUkNotifyNotifier(config.notify);
  return config.env === 'production' ? noPhoneNotifier : new DevOutboxNotifier(config.dataDir, clock);
}
