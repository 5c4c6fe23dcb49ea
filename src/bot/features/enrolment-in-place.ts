import type { TurnContext } from 'botbuilder';
import type { EnrolmentDeps } from '../../../dialogs/enrolment-context';
import { doneCard, withNotice } from '../../cards/in-place-cards';
import { isUniversalAction } from '../universal-action';
import type { EnrolmentStep } from '../../domain/enrolment';
import { isEnrolled, type StaffMember } from '../../domain/staff';
import { findSpeaker } from '../../turn/speaker';
import { enrolment as s } from '../../strings';
import { isPersonalChat } from '../conversation-kind';
import type { CardActionResult, TurnRequest } from '../feature';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** The stored steps a card showing `step` still answers ('why' is shown from not-started too). */
const ANSWERS: Readonly<Record<string, readonly EnrolmentStep[]>> = {
  why: ['why', 'not-started'],
  device: ['device', 'no-device'],
  'no-device': ['device', 'no-device'],
  install: ['install'],
  register: ['register'],
  'phone-number': ['phone-number'],
  'phone-code': ['phone-code'],
};

const TITLES: Readonly<Record<string, string>> = {
  why: s.why.title,
  device: s.device.title,
  'no-device': s.device.title,
  install: s.install.title,
  register: s.register.title,
  'phone-number': s.phone.title,
  'phone-code': s.phone.codeTitle,
};

export interface StepPress {
  /** The step the pressed card showed. */
  step?: string;
  /** The button's title, for a step button; absent for the code / phone number submits. */
  answer?: string;
}

/** Notes whether the turn sent a new card (the conversation moved on to a newer card). */
function watchForCards(turn: TurnContext): () => boolean {
  let sentCard = false;
  turn.onSendActivities(async (_ctx, activities, next) => {
    if (activities.some((a) => (a.attachments ?? []).some((x) => x.contentType === ADAPTIVE_CARD))) {
      sentCard = true;
    }
    return next();
  });
  return () => sentCard;
}

function chosen(press: StepPress, before: StaffMember, after: StaffMember, deps: EnrolmentDeps): string {
  if (press.answer) return press.answer;
  const practised = !before.enrolment.practiceCompletedAt && after.enrolment.practiceCompletedAt;
  if (after.methods.length > before.methods.length || practised) {
    return s.inPlace.codeChecked;
  }
  const moved = deps.enrolment.stepOf(before) !== deps.enrolment.stepOf(after);
  return moved && deps.enrolment.stepOf(after) === 'phone-code' ? s.inPlace.codeSent : s.inPlace.answered;
}

/**
 * A press on an enrolment step card. As a Universal Action (Action.Execute) the pressed card changes in
 * place: into "Done: <what was chosen>" once the conversation moved on to a newer card, or, when the card
 * is for a step already answered (or MFA is set up), into an "out of date" card without acting at all.
 * When the step did not move on (a wrong code, "I need help") the card stays as it is. An Action.Submit
 * from an older card just answers the step, as typing would.
 */
export function pressStepCard(
  deps: EnrolmentDeps,
  answer: (req: TurnRequest) => Promise<void>,
): (req: TurnRequest, press: StepPress) => Promise<CardActionResult> {
  return async (req, press) => {
    if (!isUniversalAction(req.turn) || !isPersonalChat(req.turn.activity)) return answer(req);
    const before = req.staff;
    const title = TITLES[press.step ?? ''] ?? s.why.title;
    const current = ANSWERS[press.step ?? '']?.includes(deps.enrolment.stepOf(before)) ?? true;
    if (isEnrolled(before) || !current) {
      const detail = isEnrolled(before)
        ? s.inPlace.allDone
        : before.enrolment.practiceCompletedAt
          ? s.practice.finished
          : s.inPlace.carryOn;
      return {
        card: withNotice(doneCard({ title, status: s.inPlace.staleStatus, detail }), s.inPlace.outOfDate),
      };
    }
    const movedOn = watchForCards(req.turn);
    await answer(req);
    if (!movedOn()) return { message: s.inPlace.seeBelow };
    const after = findSpeaker(req.turn) ?? before;
    return { card: doneCard({ title, status: s.inPlace.done(chosen(press, before, after, deps)) }) };
  };
}
