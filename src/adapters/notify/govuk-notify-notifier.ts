import { NotifyClient } from 'notifications-node-client';
import { AppError } from '../../errors';
import type { CodeMessage, EmailMessage, EmailNotifier, Notifier } from '../../ports/notifier';
import type { PhoneChannel } from '../../domain/enrolment';

/** The part of notifications-node-client this adapter uses (a fake can stand in for it in tests). */
export interface SmsClient {
  sendSms(
    templateId: string,
    phoneNumber: string,
    options?: { personalisation?: Record<string, string>; reference?: string },
  ): Promise<unknown>;
}

/**
 * Sends codes by SMS through GOV.UK Notify. The template must contain ((code)). Notify has no voice
 * calls, so only 'sms' is offered. Errors never carry the number or the code (the client's own error
 * holds the request, so it is not kept as the cause).
 */
export class GovUkNotifyNotifier implements Notifier {
  readonly channels: readonly PhoneChannel[] = ['sms'];

  constructor(
    private readonly client: SmsClient,
    private readonly smsTemplateId: string,
  ) {}

  async sendCode(message: CodeMessage): Promise<void> {
    if (message.channel !== 'sms') {
      throw new AppError('VALIDATION', 'Voice calls are not available here; please choose a text message.');
    }
    try {
      await this.client.sendSms(this.smsTemplateId, message.to, {
        personalisation: { code: message.code },
        reference: message.reference,
      });
    } catch (e) {
      const status = (e as { response?: { status?: number } }).response?.status;
      throw new AppError(
        'INTERNAL',
        `GOV.UK Notify did not accept the text message${status ? ` (HTTP ${status})` : ''}.`,
        false,
      );
    }
  }
}

export function createGovUkNotifyNotifier(notify: {
  apiKey: string;
  smsTemplateId: string;
}): GovUkNotifyNotifier {
  return new GovUkNotifyNotifier(new NotifyClient(notify.apiKey), notify.smsTemplateId);
}

/** The part of notifications-node-client the email adapter uses. */
export interface EmailClient {
  sendEmail(
    templateId: string,
    emailAddress: string,
    options?: { personalisation?: Record<string, string>; reference?: string },
  ): Promise<unknown>;
}

/** Reminder emails through GOV.UK Notify (NOTIFY_EMAIL_TEMPLATE_ID); errors never carry the address. */
export class GovUkNotifyEmailNotifier implements EmailNotifier {
  constructor(
    private readonly client: EmailClient,
    private readonly templateId: string,
  ) {}

  async sendEmail(message: EmailMessage): Promise<void> {
    try {
      await this.client.sendEmail(this.templateId, message.to, {
        personalisation: message.personalisation,
        reference: message.reference,
      });
    } catch (e) {
      const status = (e as { response?: { status?: number } }).response?.status;
      throw new AppError(
        'INTERNAL',
        `GOV.UK Notify did not accept the reminder email${status ? ` (HTTP ${status})` : ''}.`,
        false,
      );
    }
  }
}
