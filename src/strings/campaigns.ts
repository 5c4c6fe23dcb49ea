/** Reminder campaigns: the reminder card, "Remind me tomorrow", and the admin `campaign` commands (en-GB). */

export const reminder = {
  title: (orgName: string) => `${orgName}: set up multi-factor authentication (MFA)`,
  deadline: (when: string) =>
    `You need MFA set up by **${when}**. After that you won't be able to use email or Office 365 away from a trust site or on your own device.`,
  dueToday: (when: string) => `**Today is the deadline** (${when}). It takes about five minutes.`,
  stepNotStarted: "You haven't started yet. It takes about five minutes with your work or personal phone.",
  stepInProgress: (stage: number, total: number) =>
    `You're part way through: step ${stage} of ${total}. Pick up where you left off.`,
  stepNoDevice: "You told me you don't have a mobile device. The helpdesk can help with another way.",
  startNow: 'Start now',
  snooze: 'Remind me tomorrow',
  noPhone: "I don't have a phone",
  snoozesLeft: (n: number) =>
    n === 1
      ? 'You can ask me to remind you tomorrow once more.'
      : `You can ask me to remind you tomorrow ${n} more times.`,
  speak: (when: string) => `Please set up multi-factor authentication before ${when}.`,
};

export const snooze = {
  ok: (when: string) => `OK, I'll remind you on ${when}.`,
  limit:
    "You've already asked me to remind you later three times, so I can't snooze this again. Press **Start now** when you're ready: it takes about five minutes.",
  deadline:
    'The deadline is too close to put this off until tomorrow. Press **Start now**: it takes about five minutes.',
  alreadyDone: "You're already set up (or have an exception), so there's nothing to remind you about.",
  notRunning: 'That reminder campaign has ended, so there is nothing to snooze.',
  duplicate: "You've already asked me to remind you tomorrow.",
};

/** A reminder's name in words: 'd7' -> "7 days before the deadline", 'd0' -> "on the deadline day". */
export function reminderLabel(reminder: string): string {
  const d = /^d(\d+)$/.exec(reminder);
  if (d) {
    const days = Number(d[1]);
    if (days === 0) return 'on the deadline day';
    return days === 1 ? '1 day before the deadline' : `${days} days before the deadline`;
  }
  const s = /^snooze-(\d+)$/.exec(reminder);
  return s ? `"remind me tomorrow" ${s[1]}` : reminder;
}

export const admin = {
  usage:
    'Campaign commands: `campaign create`, `campaign list`, `campaign preview <name>`, `campaign start <name>`, `campaign pause <name>`, `campaign resume <name>`, `campaign cancel <name>`, `campaign status <name>`, `campaign resend <name>`.',
  resent: (name: string, reminder: string, n: number) =>
    n === 0
      ? `Everyone the reminder ${reminderLabel(reminder)} of campaign "${name}" was meant for has been reached: nothing to resend.`
      : `The reminder ${reminderLabel(reminder)} of campaign "${name}" goes out again to the ${n} ${n === 1 ? 'person' : 'people'} it did not reach. Nobody who got it gets it twice.`,
  nothingToResend: (name: string, state: string) =>
    `Campaign "${name}" is ${state} and has sent no reminder to resend.`,
  description:
    'Reminder campaigns before the MFA deadline: create, preview, start, pause, resume, cancel, status, resend',
  notFound: (name: string) => `I can't find a campaign called "${name}" that you can see.`,
  needName: (verb: string) => `Which campaign? Type \`campaign ${verb} <name>\`.`,
  created: (name: string) =>
    `Campaign "${name}" is saved as a draft. Type \`campaign preview ${name}\` to check it, then \`campaign start ${name}\`.`,
  duplicateName: (name: string) =>
    `There is already a campaign called "${name}". Please choose another name.`,
  invalid: (problems: string[]) => `That campaign isn't right yet: ${problems.join('; ')}.`,
  wrongState: (name: string, state: string, verb: string) =>
    `Campaign "${name}" is ${state}, so it can't ${verb} now.`,
  transitioned: {
    start: (name: string) =>
      `Campaign "${name}" is running. Reminders go out in the sending window; \`campaign status ${name}\` shows progress.`,
    pause: (name: string) =>
      `Campaign "${name}" is paused. Nothing more is sent until you \`campaign resume ${name}\`.`,
    resume: (name: string) => `Campaign "${name}" is running again.`,
    cancel: (name: string) => `Campaign "${name}" is cancelled. Reminders not yet sent will not go out.`,
  },
  noCampaigns: 'There are no campaigns yet. Type `campaign create` to make one.',
  listLine: (name: string, state: string, deadline: string) =>
    `- **${name}**: ${state}, deadline ${deadline}`,
  preview: {
    title: (name: string) => `Preview of campaign "${name}"`,
    next: (reminder: string, when: string) => `Next reminder: ${reminderLabel(reminder)}, ${when}.`,
    stepsTitle: 'Reminders that `start` will send',
    step: (reminder: string, when: string) => `${reminderLabel(reminder)}: ${when}`,
    atOnce: (reminder: string, when: string) =>
      `${reminderLabel(reminder)}: its time (${when}) has passed, so it goes out at once when you start`,
    none: 'No further reminders are due before the deadline.',
    total: (n: number) => `${n} ${n === 1 ? 'person' : 'people'} would get it.`,
  },
  status: {
    title: (name: string, state: string) => `Campaign "${name}" (${state})`,
    facts: {
      targeted: 'Targeted',
      reachable: 'Reachable in Teams',
      reachableValue: (n: number, already: number, installed: number) =>
        installed > 0 ? `${n} (${already} already, ${installed} installed by the bot)` : `${n}`,
      sent: 'Reminded in Teams',
      opened: 'Opened (pressed a button)',
      started: 'Started',
      registered: 'Registered (Entra)',
      emailed: 'Emailed',
      unreachable: 'Not reachable in Teams',
      failed: 'Send failed',
      excepted: 'Exception',
    },
    total: 'All organisations',
    subtitle: (deadline: string, next: string, updated: string) =>
      `Deadline ${deadline}. ${next} Updated ${updated}.`,
    refresh: 'Refresh',
    speak: (name: string, state: string, targeted: number, sent: number, enrolled: number) =>
      `Campaign ${name} is ${state}: ${targeted} targeted, ${sent} sent, ${enrolled} enrolled.`,
    unreachable: (people: { upn: string; reason: string }[], more: number) =>
      `Not reachable in Teams: ${people.map((p) => `${p.upn} (${p.reason})`).join('; ')}` +
      (more > 0 ? `; and ${more} more (the CSV export lists everyone)` : '') +
      '.',
    export: 'Download the reach list (CSV)',
    chartTitle: 'Enrolled people in the audience, by day',
    noChart: 'No enrolment yet to chart.',
    chartXAxis: 'Day',
    chartYAxis: 'Enrolled (total)',
  },
  summary: (campaign: string, org: string, notEnrolled: number, unreachable: number, first: string[]) =>
    `The deadline for campaign "${campaign}" has passed. In ${org}, ${notEnrolled} ${notEnrolled === 1 ? 'person is' : 'people are'} still not enrolled` +
    (unreachable > 0 ? ` (${unreachable} not reachable in Teams)` : '') +
    '.' +
    (first.length > 0
      ? ` ${first.length < notEnrolled ? `The first ${first.length}` : 'They are'}: ${first.join(', ')}.`
      : '') +
    ` Type \`report --org ${org}\` to export the list.`,
  form: {
    title: 'New reminder campaign',
    name: 'Name',
    deadline: 'Deadline (date)',
    deadlineTime: 'Deadline (time)',
    organisations: 'Organisations (comma separated; empty = all you may see)',
    orgUnits: 'Organisational units (comma separated; empty = all)',
    offsets: 'Reminders: days before the deadline',
    window: 'Send from (local time)',
    windowEnd: 'Send until (local time)',
    days: 'Sending days (1 = Monday … 7 = Sunday)',
    save: 'Save as draft',
  },
};

export const emailOptOut = {
  description: 'Stop reminder emails about setting up MFA (Teams reminders continue)',
  done: "OK, I won't email you reminders any more. You'll still get them here in Teams.",
  already: "You've already asked me to stop emailing you reminders.",
};
