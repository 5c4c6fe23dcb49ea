import type { TurnContext } from 'botbuilder';
import { getStaff } from '../src/bot/turn-state';
import type { Config } from '../src/config';
import { AppError } from '../src/errors';
import type { Clock } from '../src/ports/clock';
import type { EnrolmentService } from '../src/services/enrolment/enrolment-service';
import type { FaqAnswer } from '../src/services/faq/faq-entry';
import type { PhoneCodeService } from '../src/services/phone/phone-code-service';
import type { AppRegistrationService } from '../src/services/totp/app-registration-service';

/** The part of FaqService the enrolment uses: questions typed mid-flow are answered, then the step resumes. */
export interface FaqAnswerer {
  answer(question: string, options?: { audience?: 'staff' | 'admin' }): FaqAnswer;
}

/** Shows the FAQ's answer to a question typed mid-flow; false when the FAQ has none. */
export type AskFaq = (turn: TurnContext, question: string) => Promise<boolean>;

/** Everything the enrolment dialogs need, built once by the feature factory. */
export interface EnrolmentDeps {
  enrolment: EnrolmentService;
  app: AppRegistrationService;
  phone: PhoneCodeService;
  clock: Clock;
  config: Pick<Config, 'organisationName' | 'helpdeskEmail' | 'timezone'>;
  askFaq?: AskFaq;
}

/**
 * The person speaking: the identity middleware's resolved staff member, else activity.from.aadObjectId.
 * Never an id from card data.
 */
export function speakerId(turn: TurnContext): string {
  const id = getStaff(turn)?.aadObjectId ?? turn.activity.from?.aadObjectId;
  if (!id) throw new AppError('FORBIDDEN', "I can't tell who you are, so I can't continue.");
  return id;
}
