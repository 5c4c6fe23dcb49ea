import type { PhoneChannel } from '../domain/enrolment';

export interface CodeMessage {
  channel: PhoneChannel;
  /** E.164, e.g. +447700900123. */
  to: string;
  code: string;
  /** A reference for the provider's records; never personal data. */
  reference: string;
}

/** Sends one-time codes by SMS or voice (GOV.UK Notify, or the development outbox). */
export interface Notifier {
  readonly channels: readonly PhoneChannel[];
  sendCode(message: CodeMessage): Promise<void>;
}

/** A reminder email (campaign fallback for people not reachable in Teams), sent from a Notify template. */
export interface EmailMessage {
  to: string;
  /** The template's placeholders: ((first_name)), ((organisation)), ((deadline)), ((reminder)), ((link)). */
  personalisation: Record<string, string>;
  /** A reference for the provider's records (the outbox key); never personal data. */
  reference: string;
}

/** Sends reminder emails (GOV.UK Notify, or the development outbox DATA_DIR/outbox/email.log). */
export interface EmailNotifier {
  sendEmail(message: EmailMessage): Promise<void>;
}
