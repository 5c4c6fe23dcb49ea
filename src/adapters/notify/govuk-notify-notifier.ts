import { NotifyClient } from 'notifications-node-client';
import { AppError } from '../../errors';
import type { CodeMessage, Notifier } from '../../ports/notifier';
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
