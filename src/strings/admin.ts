import type { AdminVerb } from '../domain/admin-command';
import type { RefusalReason } from '../domain/permissions';

/** Everything the admin commands say, en-GB. */
export const USAGE: Readonly<Record<AdminVerb, string>> = {
  status: 'status <user>',
  enable: 'enable <user> [<user> …]',
  disable: 'disable <user> [<user> …] reason "…"',
  exception: 'exception 24h|180d <user> reason "…"',
  revoke: 'revoke exception <user>',
  reenrol: 'reenrol <user>',
  compromised: 'compromised <user>   (or: compromised clear <user>)',
  bulk: 'bulk enable|disable [--org X] [--ou Y] [--status "Admin Disabled"] [--policy standard|atp|admin] [reason "…"]   or paste UPNs after bulk enable|disable',
  report: 'report [--org X] [--status "Admin Disabled"]',
  audit: 'audit <user>',
  tap: 'tap <user>',
};

export const DESCRIPTION: Readonly<Record<AdminVerb, string>> = {
  status: "Show a person's MFA status, methods, enrolment step and exception",
  enable: 'Switch MFA on for one or more people',
  disable: 'Take one or more people out of MFA (reason required)',
  exception: 'Grant a 24-hour or 180-day exception (reason required)',
  revoke: 'End an exception early',
  reenrol: 'Clear registered methods and send the person back through enrolment',
  compromised: 'Mark an account compromised (forces re-enrolment), or clear the mark',
  bulk: 'Enable or disable many people at once, in batches of 50, after a preview',
  report: 'Counts per status per organisation, with a CSV download',
  audit: 'The last 20 changes to a person',
  tap: 'Send someone a Temporary Access Pass so they can add Microsoft Authenticator on Security info (check who they are first)',
};

/** `tap <user>`: a Temporary Access Pass, confirmed by the admin after checking who the person is. */
export const tap = {
  title: (name: string): string => `Temporary Access Pass for ${name}?`,
  speak: (name: string): string => `Confirm a Temporary Access Pass for ${name} after checking who they are.`,
  checkFirst: [
    '**Check it is really them before you confirm.** Call them back on a number from the staff directory (not one they give you in chat), or see them in person with their ID badge.',
    'Never issue a pass because of a chat message or an email alone: a pass lets whoever holds it register a sign-in method on the account.',
    'The pass goes only to their own chat with me, shown once. You will not see it.',
  ],
  facts: { person: 'Person', upn: 'UPN', organisation: 'Organisation', lifetime: 'Works for', once: 'Use' },
  lifetime: (minutes: number): string =>
    minutes % 60 === 0 ? `${minutes / 60} hour(s)` : `${minutes} minutes`,
  once: (usableOnce: boolean): string => (usableOnce ? 'Once' : 'As often as needed until it expires'),
  confirm: 'I have checked who they are: send the pass',
  cancel: 'Cancel',
  statusSent: 'Sent',
  statusCancelled: 'Cancelled',
  sent: (name: string, until: string): string =>
    `I've sent ${name} a Temporary Access Pass in their chat with me. It works until ${until}. Ask them to add Microsoft Authenticator on Security info and then choose "I've done it"; I'll delete the pass once Microsoft shows the app.`,
  notDelivered: (name: string): string =>
    `${name} hasn't chatted with me yet (or removed me), so I couldn't give them the pass: I deleted it straight away. Ask them to open the bot in Teams, then run tap again.`,
  needsGraph:
    'Temporary Access Passes need Microsoft Graph, which is not configured here (the bot runs in practice mode).',
  adminRole:
    'Only a global admin can issue a Temporary Access Pass for someone with an admin or helpdesk role.',
  cancelled: 'No pass was issued.',
  alreadySent: 'A pass was already sent from this card.',
};

export const usageHelp = (problem: string, verb?: AdminVerb, suggestion?: string): string => {
  const lines = [`Sorry, ${problem}.`];
  if (suggestion) lines.push(`Did you mean **${suggestion}**?`);
  if (verb) lines.push(`Usage: \`${USAGE[verb]}\``);
  else
    lines.push(
      'Admin commands: ' +
        Object.values(USAGE)
          .map((u) => `\`${u}\``)
          .join(', '),
    );
  return lines.join('\n\n');
};

export const REFUSAL: Readonly<Record<RefusalReason, string>> = {
  role: "Sorry, your role doesn't allow that command.",
  scope: 'Sorry, that person is outside your organisation, so you can’t change or view them.',
  self: 'Sorry, you can’t make that change to your own account. Please ask another administrator.',
};

export const staffStatusHint =
  'Looking people up is for administrators. To see your own MFA status, type **my status**.';
export const notFound = (text: string): string =>
  `I couldn't find anyone matching "${text}". Try their UPN (name@organisation).`;
export const organisationUnknown = (typed: string): string =>
  `I don't know an organisation called "${typed}". Type the start of its name or its code, for example --org north.`;
export const organisationAmbiguous = (typed: string, names: string[]): string =>
  `"${typed}" could be ${names.map((n) => `**${n}**`).join(', ')}. Type more of the name.`;
export const choose = (text: string): string => `Several people match "${text}". Which one did you mean?`;
export const concurrency = 'That person was changed meanwhile by someone else, please retry.';
export const compromisedNoException =
  'This account is marked compromised, so it can’t have an exception until the mark is cleared (compromised clear <user>).';
export const wouldShorten = (name: string, until: string): string =>
  `${name} already has an exception until ${until}, which is longer. To shorten it, revoke it first (revoke exception <user>).`;
export const reasonMissing = 'A reason is required: add reason "…" at the end.';
export const reasonTooLong = 'That reason is too long: please keep it under 500 characters.';

export const enabled = (name: string): string => `MFA is now on for ${name} (Admin Enabled).`;
export const disabled = (name: string): string => `MFA is now off for ${name} (Admin Disabled).`;
export const unchanged = (name: string, status: string): string =>
  `Nothing to change: ${name} is already ${status}.`;
export const exceptionGranted = (name: string, kind: string, expires: string, told: boolean): string =>
  `${name} has a ${kind} exception until ${expires}.${told ? ' I have told them.' : ' I could not message them in Teams.'}`;
export const exceptionRevoked = (name: string, status: string): string =>
  `The exception for ${name} has ended; their status is now ${status}.`;
export const noException = (name: string): string => `${name} has no exception to revoke.`;
export const reenrolled = (name: string, told: boolean): string =>
  `${name}'s methods are cleared and they are back at the start of enrolment.${told ? ' I have told them.' : ' I could not message them in Teams.'}`;
export const markedCompromised = (name: string): string =>
  `${name} is marked compromised (MFA Enforced Compromised) and must enrol again.`;
export const clearedCompromised = (name: string, status: string): string =>
  `${name} is no longer marked compromised; their status is now ${status}.`;
export const notCompromised = (name: string): string => `${name} is not marked compromised.`;

/** Messages to the person affected. */
export const toUser = {
  exceptionGranted: (kind: string, expires: string): string =>
    `An administrator has given you a ${kind} MFA exception until ${expires}. After that you will need MFA to sign in again.`,
  exceptionEnded: (expires: string): string =>
    `Your MFA exception ended at ${expires}. You need MFA to sign in again: type "start" if you still need to set it up.`,
  exceptionRevoked: 'An administrator has ended your MFA exception. You need MFA to sign in again.',
  reenrol:
    'An administrator has reset your MFA sign-in methods. Please set them up again: type "start" and I will walk you through it.',
  compromised:
    'Your account has been marked as possibly compromised, so your MFA methods were reset. Please set them up again now: type "start". If you did not expect this, contact the helpdesk.',
};

export const toGranter = {
  exceptionEnded: (name: string, kind: string, expires: string, status: string): string =>
    `The ${kind} exception you gave ${name} ended at ${expires}. Their status is now ${status}.`,
};

export const EXCEPTION_LABEL: Readonly<Record<'24h' | '180d', string>> = {
  '24h': '24-hour',
  '180d': '180-day',
};

export const bulkTooMany = (n: number, max: number): string =>
  `That list has ${n} UPNs; paste at most ${max} at a time, or use filters.`;
export const bulkNothing = (outOfScope: number, notFound: number): string =>
  [
    'No one in your scope matches, so nothing would change.',
    outOfScope ? `${outOfScope} matching people are outside your organisation.` : '',
    notFound ? `${notFound} UPNs were not found.` : '',
  ]
    .filter(Boolean)
    .join(' ');
export const bulkExpired =
  'That confirmation has expired (10 minutes) or was already used. Please run the bulk command again.';
export const bulkNotYours = 'Only the administrator who asked for this bulk change can confirm it.';
export const bulkProgress = (done: number, total: number): string => `Applying… ${done} of ${total} done.`;
export const bulkCancelled = 'Bulk change cancelled; nothing was changed.';

/** Card labels and titles. */
export const card = {
  statusTitle: (name: string): string => `MFA status: ${name}`,
  statusSpeak: (name: string, status: string): string => `${name}'s MFA status is ${status}.`,
  facts: {
    upn: 'UPN',
    organisation: 'Organisation',
    orgUnit: 'OU',
    status: 'MFA status',
    methods: 'Methods in Entra (current names)',
    legacyMethods: 'Methods in Entra (legacy names)',
    entraRead: 'Read from Entra',
    lastAction: 'Last thing the bot did',
    practice: 'Practice run',
    step: 'Enrolment step',
    exception: 'Exception',
    lastReminder: 'Last reminder',
    role: 'Role',
  },
  none: 'None',
  never: 'Never',
  entraRead: (when: string, source: 'methods' | 'report'): string =>
    source === 'report' ? `${when} (registration report, up to 36 hours old)` : `${when} (read directly)`,
  entraNeverRead: 'Never (Microsoft Graph is not configured: practice mode)',
  actionAt: (action: string, when: string): string => `${action.replace(/^enrolment\./, '')} at ${when}`,
  exceptionValue: (kind: string, until: string, reason: string): string =>
    `${kind} until ${until} (${reason})`,
  chooseSpeak: (n: number): string => `${n} people match. Choose one.`,
  auditTitle: (name: string): string => `Last changes: ${name}`,
  auditEmpty: 'No changes recorded yet.',
  auditSpeak: (name: string, n: number): string => `${n} recorded changes for ${name}.`,
  reportTitle: 'MFA status report',
  reportSpeak: (total: number, orgs: number): string => `${total} people in ${orgs} organisations.`,
  reportTotal: (total: number): string => `${total} people in scope`,
  reportDownload: 'Download CSV',
  reportLinkNote: (minutes: number): string =>
    `The download link works for ${minutes} minutes and only for you.`,
  reportEmpty: 'No one matches.',
  bulkTitle: (action: string): string => `Bulk ${action}: please confirm`,
  bulkSpeak: (action: string, n: number): string => `Bulk ${action} of ${n} people. Confirm or cancel.`,
  bulkFacts: {
    action: 'Change',
    count: 'People to change',
    outOfScope: 'Outside your scope (skipped)',
    notFound: 'UPNs not found',
    reason: 'Reason',
    expires: 'Confirm before',
  },
  bulkFirstNames: (shown: number, total: number): string =>
    shown < total ? `First ${shown} of ${total}:` : `All ${total}:`,
  confirm: 'Confirm',
  cancel: 'Cancel',
  progressTitle: (action: string): string => `Bulk ${action}`,
  summaryTitle: (action: string): string => `Bulk ${action}: done`,
  summarySpeak: (changed: number, unchanged: number, refused: number): string =>
    `${changed} changed, ${unchanged} unchanged, ${refused} refused or failed.`,
  summaryFacts: { changed: 'Changed', unchanged: 'Already that way', refused: 'Refused', failed: 'Failed' },
  refusedHeading: 'Not changed, and why:',
  /** The preview card once answered (it changes in place). */
  confirmed: 'Confirmed',
  cancelled: 'Cancelled',
  expired: 'Expired',
  appliedDetail: 'The results are in the progress message below.',
  applyingDetail: 'Applying now: the progress message below shows how far it has got.',
};

export const REFUSAL_SHORT: Readonly<Record<string, string>> = {
  role: 'your role may not',
  scope: 'outside your organisation',
  self: 'your own account',
  compromised: 'account marked compromised',
  'reason-missing': 'no reason given',
  'reason-too-long': 'reason too long',
  'would-shorten': 'a longer exception is in place',
  concurrent_change: 'changed meanwhile, please retry',
};

export const downloadExpired = 'This download link has expired. Type "report" in Teams for a new one.';
export const downloadInvalid = 'This download link is not valid.';
export const downloadRefused = 'You are no longer allowed to download this report.';
