import { renderCard } from '../../../cards/render';
import { MAX_SNOOZES, snooze } from '../../../domain/campaign-schedule';
import { stageOf, toEnrolmentStep, TOTAL_STAGES } from '../../../domain/enrolment';
import type { OutgoingMessage } from '../../../ports/messenger';
import type { ReminderComposer, ReminderContext } from '../../../services/campaigns/reminder-composer';
import { reminder as text } from '../../../strings/campaigns';
import { formatWhen } from '../../../strings/dates';

/** The data cards/campaign-reminder.json is filled with. */
export function reminderCardData(
  ctx: ReminderContext,
  settings: { timezone: string; organisationName: string },
) {
  const { campaign, staff, now, snoozesUsed } = ctx;
  const when = formatWhen(campaign.deadline, settings.timezone);
  const step = toEnrolmentStep(staff.enrolment.step);
  const sameDay = formatWhen(now, settings.timezone).split(' at ')[0] === when.split(' at ')[0];
  const canSnooze = snooze(now, snoozesUsed, campaign.deadline, campaign.sendWindow, settings.timezone).ok;
  const stepText =
    step === 'not-started' || step === 'done'
      ? text.stepNotStarted
      : step === 'no-device'
        ? text.stepNoDevice
        : text.stepInProgress(stageOf(step), TOTAL_STAGES);
  return {
    title: text.title(settings.organisationName),
    speak: text.speak(when),
    deadlineText: sameDay ? text.dueToday(when) : text.deadline(when),
    stepText,
    hasSnooze: canSnooze,
    snoozeText: text.snoozesLeft(MAX_SNOOZES - snoozesUsed),
    startTitle: text.startNow,
    snoozeTitle: text.snooze,
    noPhoneTitle: text.noPhone,
    campaignId: campaign.id,
  };
}

/** The ReminderComposer the dispatcher uses: the reminder as an Adaptive Card attachment. */
export function createReminderComposer(settings: {
  timezone: string;
  organisationName: string;
}): ReminderComposer {
  return (ctx): OutgoingMessage => renderCard('campaign-reminder', reminderCardData(ctx, settings));
}
