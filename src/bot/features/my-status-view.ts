import { stageOf, TOTAL_STAGES, toEnrolmentStep } from '../../domain/enrolment';
import { firstName, isEnrolled, type StaffMember } from '../../domain/staff';
import { methodNames, myStatus as t } from '../../strings/teams-app';
import { formatClock, formatDate } from '../../strings/dates';

export interface MyStatusCardData {
  title: string;
  speak: string;
  facts: { title: string; value: string }[];
  doneHeading: string;
  done: { text: string }[];
  leftHeading: string;
  left: { text: string }[];
  deadline: string;
  buttons: { title: string; phrase: string }[];
  refreshTitle: string;
}

export interface MyStatusContext {
  now: Date;
  deadline?: Date;
  timezone: string;
  /** The phrase that starts enrolment and the one that asks a question, when those features are there. */
  setUpPhrase?: string;
  askPhrase?: string;
}

function formatWhen(d: Date, timezone: string): string {
  return t.deadlineTime(formatDate(d, timezone), formatClock(d, timezone));
}

function listOf(items: string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** What "my status" shows one person: what is done, what is left, and the deadline. Pure. */
export function myStatusView(staff: StaffMember, ctx: MyStatusContext): MyStatusCardData {
  const name = firstName(staff);
  const enrolled = isEnrolled(staff);
  const methods = listOf(staff.methods.map((m) => methodNames[m] ?? m));
  const exceptionActive = staff.exception && staff.exception.expiresAt.getTime() > ctx.now.getTime();
  const step = toEnrolmentStep(staff.enrolment.step);

  const done: string[] = [];
  const left: string[] = [];
  if (enrolled) {
    done.push(t.done.enrolled, t.done.methods(methods));
  }
  const practised = staff.enrolment.practiceCompletedAt;
  if (!enrolled && practised) done.push(t.done.practice(formatDate(practised, ctx.timezone)));
  if (exceptionActive && staff.exception)
    done.push(t.done.exception(formatWhen(staff.exception.expiresAt, ctx.timezone)));
  if (!enrolled) {
    if (exceptionActive) left.push(t.left.afterException);
    else if (staff.enrolment.awaitingEntraSince) left.push(t.left.waitingForMicrosoft);
    else if (step !== 'not-started' && step !== 'done')
      left.push(t.left.carryOn(stageOf(step), TOTAL_STAGES));
    else left.push(t.left.setUp);
  }
  if (left.length === 0) left.push(t.left.nothing);

  const deadline = ctx.deadline
    ? ctx.deadline.getTime() < ctx.now.getTime()
      ? t.deadlinePassed(formatWhen(ctx.deadline, ctx.timezone))
      : t.deadline(formatWhen(ctx.deadline, ctx.timezone))
    : t.noDeadline;
  const showDeadline = !enrolled;

  const buttons: MyStatusCardData['buttons'] = [];
  if (!enrolled && ctx.setUpPhrase) buttons.push({ title: t.setUpButton, phrase: ctx.setUpPhrase });
  if (ctx.askPhrase) buttons.push({ title: t.askButton, phrase: ctx.askPhrase });

  return {
    title: t.title(name),
    speak: enrolled ? t.speakDone(name) : t.speakLeft(name, deadline),
    facts: [
      { title: t.statusLabel, value: staff.mfaStatus },
      { title: t.methodsLabel, value: enrolled ? methods : t.noMethods },
      {
        title: t.checkedLabel,
        value: staff.entra ? formatWhen(staff.entra.readAt, ctx.timezone) : t.notChecked,
      },
      ...(ctx.deadline ? [{ title: t.deadlineLabel, value: formatWhen(ctx.deadline, ctx.timezone) }] : []),
    ],
    doneHeading: t.doneHeading,
    done: done.map((text) => ({ text })),
    leftHeading: t.leftHeading,
    left: left.map((text) => ({ text })),
    deadline: showDeadline ? deadline : '',
    buttons,
    refreshTitle: t.refreshButton,
  };
}
