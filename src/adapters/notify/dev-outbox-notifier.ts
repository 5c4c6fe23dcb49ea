import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PhoneChannel } from '../../domain/enrolment';
import type { Clock } from '../../ports/clock';
import type { CodeMessage, EmailMessage, EmailNotifier, Notifier } from '../../ports/notifier';
import { PRIVATE_DIR_MODE } from '../../private-files';

/**
 * Development stand-in for an SMS/voice provider: appends each message to DATA_DIR/outbox/sms.log, the
 * one place a developer can read the code. Nothing is logged.
 */
export class DevOutboxNotifier implements Notifier {
  readonly channels: readonly PhoneChannel[] = ['sms', 'voice'];
  readonly file: string;

  constructor(
    dataDir: string,
    private readonly clock: Clock,
  ) {
    this.file = join(dataDir, 'outbox', 'sms.log');
  }

  async sendCode(message: CodeMessage): Promise<void> {
    await mkdir(join(this.file, '..'), { recursive: true, mode: PRIVATE_DIR_MODE });
    const line = `${this.clock.now().toISOString()} ${message.channel} to=${message.to} code=${message.code}\n`;
    await appendFile(this.file, line, { encoding: 'utf8', mode: 0o600 });
  }
}

/** Development stand-in for reminder emails: one JSON line per email in DATA_DIR/outbox/email.log (with `to`). */
export class DevOutboxEmailNotifier implements EmailNotifier {
  readonly file: string;

  constructor(
    dataDir: string,
    private readonly clock: Clock,
  ) {
    this.file = join(dataDir, 'outbox', 'email.log');
  }

  async sendEmail(message: EmailMessage): Promise<void> {
    await mkdir(join(this.file, '..'), { recursive: true, mode: PRIVATE_DIR_MODE });
    const line = JSON.stringify({ at: this.clock.now().toISOString(), ...message });
    await appendFile(this.file, `${line}\n`, { encoding: 'utf8', mode: 0o600 });
  }
}
