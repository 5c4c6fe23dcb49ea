import type { TurnContext } from 'botbuilder';
import { renderCard } from '../src/cards/render';
import { stageOf, TOTAL_STAGES, type EnrolmentStep, type PhoneChannel } from '../src/domain/enrolment';
import type { AuthMethod } from '../src/domain/mfa-status';
import { AUTHENTICATOR_LINKS, installQrDataUri } from '../src/services/enrolment/app-links';
import type { NewSecretView } from '../src/services/totp/app-registration-service';
import { enrolment as s } from '../src/strings';
import { SECURITY_INFO_URL } from '../src/strings/enrolment';
import type { AnswerKey } from '../src/strings/enrolment';
import { phoneChannels, type EnrolmentDeps } from './enrolment-context';

const buttons = (keys: readonly AnswerKey[]): { title: string }[] =>
  keys.map((k) => ({ title: s.answers[k].title }));
const lines = (texts: readonly string[]): { text: string }[] => texts.map((text) => ({ text }));
const stage = (step: EnrolmentStep): string => s.stepOf(stageOf(step), TOTAL_STAGES);

interface StepExtras {
  hasImage: boolean;
  imageUrl: string;
  imageAlt: string;
  hasNote: boolean;
  noteTitle: string;
  noteText: string;
  links: { title: string; url: string }[];
}
const NO_EXTRAS: StepExtras = {
  hasImage: false,
  imageUrl: '',
  imageAlt: '',
  hasNote: false,
  noteTitle: '',
  noteText: '',
  links: [],
};

/**
 * Sends the enrolment cards (templates in cards/enrolment-*.json) and the FAQ hand-off. In practice mode
 * (no Microsoft Graph) every card carries the practice banner.
 */
export class EnrolmentPrompts {
  constructor(private readonly deps: EnrolmentDeps) {}

  /** The banner every card shows in practice mode; '' when enrolment ends in Entra. */
  private get practice(): string {
    return this.deps.entra ? '' : s.practice.banner;
  }

  /** Whether the phone-number path is on offer (a way to send codes; in Entra mode the bot writes it). */
  get phoneOffered(): boolean {
    return phoneChannels(this.deps).length > 0;
  }

  async why(turn: TurnContext): Promise<void> {
    const org = this.deps.config.organisationName;
    const text = [s.why.line1(org), s.why.line2];
    await this.step(turn, {
      step: 'why',
      stage: stage('why'),
      title: s.why.title,
      lines: text,
      buttons: ['start', 'more'],
    });
  }

  async more(turn: TurnContext): Promise<void> {
    if (!(await this.answerQuestion(turn, s.why.moreQuestion))) await turn.sendActivity(s.why.moreFallback);
  }

  async device(turn: TurnContext): Promise<void> {
    await this.step(turn, {
      step: 'device',
      stage: stage('device'),
      title: s.device.title,
      lines: [s.device.body, s.device.noDeviceHint],
      buttons: ['work', 'personal', 'noDevice'],
    });
  }

  async install(turn: TurnContext, personal: boolean): Promise<void> {
    await this.step(turn, {
      step: 'install',
      stage: stage('install'),
      title: s.install.title,
      lines: [s.install.body],
      buttons: this.phoneOffered ? ['installed', 'needHelp', 'usePhone'] : ['installed', 'needHelp'],
      extras: {
        hasImage: true,
        imageUrl: await installQrDataUri(),
        imageAlt: s.install.qrAlt,
        hasNote: personal,
        noteTitle: personal ? s.install.personalTitle : '',
        noteText: personal ? s.install.personalNote : '',
        links: [
          { title: s.install.appStore, url: AUTHENTICATOR_LINKS.appStore },
          { title: s.install.googlePlay, url: AUTHENTICATOR_LINKS.googlePlay },
        ],
      },
    });
  }

  async noDevice(turn: TurnContext, created: boolean): Promise<void> {
    const email = this.deps.config.helpdeskEmail;
    await this.step(turn, {
      step: 'no-device',
      stage: '',
      title: s.noDevice.title,
      lines: [created ? s.noDevice.body(email) : s.noDevice.already(email), s.noDevice.next],
      buttons: [],
    });
  }

  /** Step 4 in Entra mode: add Microsoft Authenticator on Security info, then "I've done it". */
  async securityInfo(turn: TurnContext, offer: { oath: boolean; accessPass: boolean }): Promise<void> {
    const keys: AnswerKey[] = ['doneIt'];
    if (offer.accessPass) keys.push('cantGetIn');
    if (offer.oath) keys.push('scanHere');
    if (this.phoneOffered) keys.push('usePhone');
    await this.step(turn, {
      step: 'register',
      stage: stage('register'),
      title: s.securityInfo.title,
      lines: [s.securityInfo.intro, ...s.securityInfo.steps, s.securityInfo.then],
      buttons: keys,
      extras: { ...NO_EXTRAS, links: [{ title: s.securityInfo.link, url: SECURITY_INFO_URL }] },
    });
  }

  /** The app code card: with the QR code and key when `view` is given (shown once), else just the input. */
  async appCode(turn: TurnContext, upn: string, view?: NewSecretView): Promise<void> {
    const org = this.deps.config.organisationName;
    const extra: AnswerKey[] = this.phoneOffered ? ['newQr', 'usePhone'] : ['newQr'];
    await this.codeCard(turn, {
      step: 'register',
      title: s.register.title,
      lines: view ? [s.register.scan] : [s.register.resumeBody],
      hasQr: view !== undefined,
      qrUrl: view?.qrDataUri ?? '',
      qrAlt: s.register.qrAlt(org),
      manualLabel: s.register.manualLabel,
      manualKey: view?.manualKey ?? '',
      accountLabel: s.register.accountLabel(org, upn),
      onceNote: s.register.onceNote,
      askCode: view ? s.register.askCode : '',
      buttons: buttons(extra),
    });
  }

  async phoneCode(turn: TurnContext, intro: string): Promise<void> {
    await this.codeCard(turn, {
      ...{
        hasQr: false,
        qrUrl: '',
        qrAlt: '',
        manualLabel: '',
        manualKey: '',
        accountLabel: '',
        onceNote: '',
      },
      step: 'phone-code',
      title: s.phone.codeTitle,
      lines: [intro],
      askCode: '',
      buttons: buttons(['resend', 'changeNumber', 'useApp']),
    });
  }

  async phoneNumber(turn: TurnContext, preferred: PhoneChannel): Promise<void> {
    const channels = phoneChannels(this.deps);
    const word = { sms: s.answers.sms.title, voice: s.answers.voice.title };
    const card = renderCard('enrolment-phone', {
      practice: this.practice,
      step: 'phone-number',
      stage: stage('phone-number'),
      title: s.phone.title,
      body: channels.includes('voice') ? s.phone.body : s.phone.bodySmsOnly,
      numberLabel: s.phone.numberLabel,
      numberPlaceholder: s.phone.numberPlaceholder,
      channelLabel: s.phone.channelLabel,
      channel: channels.includes(preferred) ? preferred : 'sms',
      channels: channels.map((value) => ({ title: word[value], value })),
      sendTitle: s.phone.sendButton,
      buttons: buttons(['useApp']),
    });
    await turn.sendActivity({ attachments: [card] });
  }

  /** Done: in Entra mode only ever after Graph read the method back; in practice mode labelled practice. */
  async done(turn: TurnContext, method: AuthMethod): Promise<void> {
    await turn.sendActivity({ attachments: [doneCard(method, this.deps.entra === undefined)] });
  }

  async privately(turn: TurnContext): Promise<void> {
    const bot = turn.activity.recipient?.id ?? '';
    const url = `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(bot)}`;
    const card = renderCard('enrolment-private', { text: s.privately.text, button: s.privately.button, url });
    await turn.sendActivity({ attachments: [card] });
  }

  /** Hands a question to the FAQ; true when it had an answer (or suggestions) to give. */
  async answerQuestion(turn: TurnContext, question: string): Promise<boolean> {
    return this.deps.askFaq ? this.deps.askFaq(turn, question) : false;
  }

  private async step(
    turn: TurnContext,
    card: {
      /** The step the card answers: its buttons carry it, so a press from an older card is recognised. */
      step: EnrolmentStep;
      stage: string;
      title: string;
      lines: string[];
      buttons: AnswerKey[];
      extras?: StepExtras;
    },
  ): Promise<void> {
    // A step card holds the organisation's wording only (no name, number or secret), and is shown again
    // after every question asked mid-flow: its expansion is reused.
    const attachment = renderCard(
      'enrolment-step',
      {
        ...(card.extras ?? NO_EXTRAS),
        practice: this.practice,
        step: card.step,
        stage: card.stage,
        title: card.title,
        speakText: card.lines.join(' '),
        lines: lines(card.lines),
        buttons: buttons(card.buttons),
      },
      { reuse: true },
    );
    await turn.sendActivity({ attachments: [attachment] });
  }

  private async codeCard(
    turn: TurnContext,
    data: {
      step: Extract<EnrolmentStep, 'register' | 'phone-code'>;
      title: string;
      lines: string[];
      askCode: string;
      buttons: { title: string }[];
      hasQr: boolean;
      qrUrl: string;
      qrAlt: string;
      manualLabel: string;
      manualKey: string;
      accountLabel: string;
      onceNote: string;
    },
  ): Promise<void> {
    const attachment = renderCard('enrolment-code', {
      ...data,
      practice: this.practice,
      stage: stage('register'),
      speakText: [...data.lines, data.askCode].join(' '),
      lines: lines(data.lines),
      codeLabel: s.register.codeLabel,
      codePlaceholder: s.register.codePlaceholder,
      submitTitle: s.register.verifyButton,
    });
    await turn.sendActivity({ attachments: [attachment] });
  }
}

/** The done card: Entra's confirmation, or the practice run's (which says nothing was registered). */
export function doneCard(method: AuthMethod, practice: boolean): ReturnType<typeof renderCard> {
  const names: Partial<Record<AuthMethod, string>> = s.done.methodNames;
  const name = names[method] ?? method;
  return renderCard(
    'enrolment-done',
    practice
      ? {
          practice: s.practice.banner,
          style: 'warning',
          title: s.practice.doneTitle,
          statusLabel: s.practice.statusLabel,
          body: s.practice.doneBody(name),
          next: lines(s.practice.next),
        }
      : {
          practice: '',
          style: 'good',
          title: s.done.title,
          statusLabel: s.done.statusLabel,
          body: s.entra.registered(name),
          next: lines(s.done.next(method)),
        },
  );
}
