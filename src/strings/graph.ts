/** Messages from the Microsoft Graph integration (en-GB). */

/** Sent privately to the admin who asked for a re-enrolment, when GRAPH_TAP_LIFETIME_MINUTES is set. */
export const temporaryAccessPass = (name: string, passCode: string, until: string): string =>
  `Temporary Access Pass for ${name}: **${passCode}**\n\n` +
  `It works once, until ${until}. Give it to ${name} in person or by phone (never by email), ` +
  'so they can sign in and set up MFA again. This message is the only copy: the pass is not stored or logged.';

/** Sent once to someone who set up MFA outside the bot (e.g. on the Microsoft security info page). */
export const registeredOutside = (firstName: string): string =>
  `Well done, ${firstName}: I can see you have set up multi-factor authentication on your account. ` +
  "There is nothing more to do, and I won't send you any more reminders about it.";

/** `directory` (admins): where the directory comes from and how old it is. */
export const directoryStatus = (freshness: string, counts: string | undefined): string =>
  `Directory: Microsoft Entra ID (Graph), ${freshness}.` + (counts ? `\n\nLast sync: ${counts}.` : '');

export const directoryCommand = {
  usage: 'directory',
  description: 'How old the directory is (last sync from Microsoft Entra ID)',
};
