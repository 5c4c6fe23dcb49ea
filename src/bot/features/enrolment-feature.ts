import { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { ENROLMENT_DIALOG, EnrolmentDialog } from '../../../dialogs/enrolment-dialog';
import { answersStep } from '../../../dialogs/enrolment-steps';
import type { EnrolmentDeps, FaqAnswerer } from '../../../dialogs/enrolment-context';
import { ANSWER_ACTION, answerSchema, interruptionIn, submitSchema } from '../../../dialogs/enrolment-input';
import { EnrolmentPrompts } from '../../../dialogs/enrolment-prompts';
import { createNotifier } from '../../adapters/notify/create-notifier';
import { StoreOtpAttemptRepository } from '../../adapters/store/otp-attempt-repository';
import { StorePhoneCodeRepository } from '../../adapters/store/phone-code-repository';
import { StoreTotpSecretRepository } from '../../adapters/store/totp-secret-repository';
import type { Config } from '../../config';
import { toEnrolmentStep } from '../../domain/enrolment';
import type { AuditLog } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';
import type { DocumentStore } from '../../ports/document-store';
import type { Notifier } from '../../ports/notifier';
import type { StaffRepository } from '../../ports/staff-repository';
import { resolveEncryptionKey } from '../../services/crypto/encryption-key';
import { SecretBox } from '../../services/crypto/secret-box';
import { EnrolmentService } from '../../services/enrolment/enrolment-service';
import { TicketNoDeviceHandover, type TicketOpener } from '../../services/enrolment/no-device-handover';
import { PhoneCodeService } from '../../services/phone/phone-code-service';
import { AppRegistrationService } from '../../services/totp/app-registration-service';
import { TotpService } from '../../services/totp/totp-service';
import { common, enrolment as s } from '../../strings';
import { isPersonalChat } from '../conversation-kind';
import { faqHandOff } from './enrolment-faq';
import { pressStepCard } from './enrolment-in-place';
import { defineCardAction, type Command, type Feature, type TurnRequest } from '../feature';

export const START_ACTION = 'enrolment.start';
/** "I don't have a mobile device" on a reminder card. */
export const NO_DEVICE_ACTION = 'enrolment.no-device';

export interface EnrolmentFeatureDeps {
  config: Pick<
    Config,
    | 'organisationName'
    | 'helpdeskEmail'
    | 'timezone'
    | 'otp'
    | 'encryptionKey'
    | 'previousEncryptionKeys'
    | 'env'
    | 'dataDir'
    | 'notify'
    | 'learnMoreUrl'
  >;
  store: DocumentStore;
  staff: StaffRepository;
  audit: AuditLog;
  clock: Clock;
  /** Defaults to GOV.UK Notify when configured, else the development outbox. */
  notifier?: Notifier;
  /** FaqService (src/services/faq), for questions typed mid-flow. */
  faq?: FaqAnswerer;
  /** TicketService (src/services/tickets): people with no mobile device get a 'no-device' ticket. */
  tickets: TicketOpener;
}

export interface EnrolmentFeature extends Feature {
  services: EnrolmentDeps;
}

/** Builds the enrolment services over the store (the one place they are wired). */
export function createEnrolmentServices(deps: EnrolmentFeatureDeps): EnrolmentDeps {
  const { config, store, clock } = deps;
  const key = resolveEncryptionKey(config);
  const box = new SecretBox(key, config.previousEncryptionKeys);
  const attempts = new StoreOtpAttemptRepository(store);
  const policy = { maxAttempts: config.otp.maxAttempts, lockoutMs: config.otp.lockoutMinutes * 60_000 };
  const helpdesk = new TicketNoDeviceHandover(deps.tickets);
  return {
    enrolment: new EnrolmentService({ staff: deps.staff, audit: deps.audit, helpdesk, clock }),
    app: new AppRegistrationService({
      secrets: new StoreTotpSecretRepository(store),
      attempts,
      totp: new TotpService(clock, config.organisationName),
      box,
      clock,
      policy,
    }),
    phone: new PhoneCodeService({
      codes: new StorePhoneCodeRepository(store),
      attempts,
      notifier: deps.notifier ?? createNotifier(config, clock),
      box,
      key,
      clock,
      policy,
    }),
    clock,
    config,
    askFaq: deps.faq ? faqHandOff(deps.faq, config) : undefined,
  };
}

/**
 * Guided enrolment: the `set up` command (also the welcome card's "Set up now"), a reminder's "Start now"
 * and "I don't have a mobile device" buttons (enrolment.start, enrolment.no-device), the enrolment cards'
 * buttons (enrolment.answer) and submits (enrolment.submit), which update the pressed card in place
 * (enrolment-in-place.ts), and typed answers
 * that resume a flow whose dialog state was lost. Only in a personal chat: elsewhere it offers one.
 */
export function createEnrolmentFeature(deps: EnrolmentFeatureDeps): EnrolmentFeature {
  const services = createEnrolmentServices(deps);
  const prompts = new EnrolmentPrompts(services);
  const dialog = new EnrolmentDialog(services);

  const begin = async (req: TurnRequest, withInput: boolean): Promise<void> => {
    if (!isPersonalChat(req.turn.activity)) {
      await prompts.privately(req.turn);
      return;
    }
    if (req.dialogs.activeDialog?.id === ENROLMENT_DIALOG && withInput) {
      await req.dialogs.continueDialog();
      return;
    }
    if (req.dialogs.activeDialog) await req.dialogs.cancelAllDialogs();
    await req.dialogs.beginDialog(ENROLMENT_DIALOG, { withInput });
  };

  const pressed = pressStepCard(services, (req) => begin(req, true));

  const noDevice = async (req: TurnRequest): Promise<void> => {
    if (!isPersonalChat(req.turn.activity)) {
      await prompts.privately(req.turn);
      return;
    }
    if (req.staff.methods.length > 0) {
      await req.dialogs.cancelAllDialogs();
      await req.dialogs.beginDialog(ENROLMENT_DIALOG);
      return;
    }
    if (req.dialogs.activeDialog?.id === ENROLMENT_DIALOG) await req.dialogs.cancelAllDialogs();
    const conversation = TurnContext.getConversationReference(req.turn.activity);
    const { created } = await services.enrolment.requestHelpdesk(req.staff.aadObjectId, conversation);
    await prompts.noDevice(req.turn, created);
  };

  const start: Command = {
    id: 'enrolment.start',
    phrases: [
      'set up',
      'setup',
      'set me up',
      'start',
      'get started',
      'enrol',
      'enroll',
      'enrolment',
      'enrollment',
      'register',
      'sign up',
      'signup',
    ],
    usage: s.startCommand.usage,
    description: s.startCommand.description,
    audience: 'staff',
    helpButton: common.help.buttons.setUp,
    allowInGroupChat: true,
    welcomeButton: 'setUp',
    // "start again" / "start over" match the 'start' phrase: treat them as the restart they are.
    run: (req) => begin(req, interruptionIn(req.text) === 'restart'),
  };

  return {
    name: 'enrolment',
    services,
    commands: [start],
    dialogs: [dialog],
    actions: [
      defineCardAction({
        action: START_ACTION,
        schema: z.object({ action: z.literal(START_ACTION) }),
        run: (req) => begin(req, false),
      }),
      defineCardAction({
        action: submitSchema.shape.action.value,
        schema: submitSchema,
        run: pressed,
      }),
      defineCardAction({ action: ANSWER_ACTION, schema: answerSchema, run: pressed }),
      defineCardAction({
        action: NO_DEVICE_ACTION,
        schema: z.object({ action: z.literal(NO_DEVICE_ACTION) }),
        run: noDevice,
      }),
    ],
    async answerFreeText(req) {
      if (!answersStep(toEnrolmentStep(req.staff.enrolment?.step), req.text)) return false;
      await begin(req, true);
      return true;
    },
  };
}
