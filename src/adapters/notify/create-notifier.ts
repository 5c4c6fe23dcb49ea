import type { Config } from '../../config';
import { AppError } from '../../errors';
import type { Clock } from '../../ports/clock';
import type { Notifier } from '../../ports/notifier';
import { NotifyClient } from 'notifications-node-client';
import type { EmailNotifier } from '../../ports/notifier';
import { DevOutboxEmailNotifier, DevOutboxNotifier } from './dev-outbox-notifier';
import { createGovUkNotifyNotifier, GovUkNotifyEmailNotifier } from './govuk-notify-notifier';

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

/**
 * Reminder emails: GOV.UK Notify when NOTIFY_EMAIL_TEMPLATE_ID and NOTIFY_API_KEY are set; with the template
 * and no key, outside production, the development outbox; otherwise none (email fallback off).
 */
export function createEmailNotifier(
  config: Pick<Config, 'emailReminders' | 'dataDir' | 'env'>,
  clock: Clock,
): EmailNotifier | undefined {
  const email = config.emailReminders;
  if (!email) return undefined;
  if (email.apiKey) return new GovUkNotifyEmailNotifier(new NotifyClient(email.apiKey), email.templateId);
  return config.env === 'production' ? undefined : new DevOutboxEmailNotifier(config.dataDir, clock);
}
