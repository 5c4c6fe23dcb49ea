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
