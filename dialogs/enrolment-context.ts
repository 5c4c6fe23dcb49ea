import type { TurnContext } from 'botbuilder';
import type { Config } from '../src/config';
import type { PhoneChannel } from '../src/domain/enrolment';
import type { StaffMember } from '../src/domain/staff';
import { AppError } from '../src/errors';
import type { Logger } from '../src/logger';
import type { MethodsPolicy } from '../src/ports/authentication-methods';
import type { Clock } from '../src/ports/clock';
import type { EnrolmentService } from '../src/services/enrolment/enrolment-service';
import type { AccessPasses } from '../src/services/entra/access-passes';
import type { AuthenticatorConfirmation } from '../src/services/entra/authenticator-confirmation';
import type { EntraMethodsReader } from '../src/services/entra/entra-methods-reader';
import type { OathTokenRegistration } from '../src/services/entra/oath-token-registration';
import type { PhoneMethodRegistration } from '../src/services/entra/phone-method-registration';
import type { FaqAnswer } from '../src/services/faq/faq-entry';
import type { PhoneCodeService } from '../src/services/phone/phone-code-service';
import type { AppRegistrationService } from '../src/services/totp/app-registration-service';
import { findSpeaker, setSpeaker } from '../src/turn/speaker';

/** The part of FaqService the enrolment uses: questions typed mid-flow are answered, then the step resumes. */
export interface FaqAnswerer {
  answer(question: string, options?: { audience?: 'staff' | 'admin' }): FaqAnswer;
}

/** Shows the FAQ's answer to a question typed mid-flow; false when the FAQ has none. */
export type AskFaq = (turn: TurnContext, question: string) => Promise<boolean>;

/**
 * Enrolment that ends in Microsoft Entra ID (Graph configured): each way a method gets into Entra, and
 * the reader that confirms it. Absent in practice mode.
 */
export interface EntraEnrolment {
  reader: EntraMethodsReader;
  authenticator: AuthenticatorConfirmation;
  phone: PhoneMethodRegistration;
  passes: AccessPasses;
  /** Only with GRAPH_OATH_TOKENS and a tenant that allows hardware OATH tokens. */
  oath?: OathTokenRegistration;
  /** What the tenant's authentication methods policy allows (read at start-up): a path it has off is not offered. */
  policy: MethodsPolicy;
}

/** Everything the enrolment dialogs need, built once by the composition root. */
export interface EnrolmentDeps {
  enrolment: EnrolmentService;
  app: AppRegistrationService;
  phone: PhoneCodeService;
  /** Undefined: practice mode (no Graph). Every card then says it is practice and nothing counts. */
  entra?: EntraEnrolment;
  clock: Clock;
  logger: Pick<Logger, 'warn' | 'error'>;
  config: Pick<Config, 'organisationName' | 'helpdeskEmail' | 'timezone'>;
  askFaq?: AskFaq;
}

/** The ways a phone code can be sent here, less any the tenant's policy has switched off (Entra mode). */
export function phoneChannels(deps: EnrolmentDeps): PhoneChannel[] {
  const policy = deps.entra?.policy;
  return deps.phone.channels.filter((c) => !policy || policy[c]);
}

/** One step of a guided flow ends: what comes next. */
export type ChildOutcome =
  { next: 'done' } | { next: 'phone' } | { next: 'app' } | { next: 'authenticator' } | { next: 'oath' };

export interface ChildOptions {
  /** Treat this turn's message as the answer to the step (resuming without dialog state). */
  withInput?: boolean;
  /** Show a new secret (first arrival at a code step). */
  fresh?: boolean;
}

/**
 * The person speaking, as the identity middleware resolved them for this turn (never an id from card
 * data). Dialogs keep it current with `remember` after every change, so the record is read once a turn.
 */
export function speaker(turn: TurnContext): StaffMember {
  const staff = findSpeaker(turn);
  if (!staff) throw new AppError('FORBIDDEN', "I can't tell who you are, so I can't continue.");
  return staff;
}

/** Puts the person's new version back on the turn and returns it. */
export function remember(turn: TurnContext, staff: StaffMember): StaffMember {
  setSpeaker(turn, staff);
  return staff;
}
