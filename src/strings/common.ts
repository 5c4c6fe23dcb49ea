export const unknownPerson = (helpdeskEmail: string): string =>
  `Sorry, I can't find you in the staff directory, so I can't help with MFA yet. Please contact the helpdesk at ${helpdeskEmail}.`;
export const noIdentity =
  "Sorry, I can't tell who sent this message, so I can't help. Please message me from Microsoft Teams while signed in with your work account.";
export const storeUnavailable = "I can't reach my records right now, please try again in a few minutes.";
export const graphBusy =
  "Microsoft's sign-in service isn't answering me right now. Please try again in a few minutes: your progress is saved.";
export const apology = (referenceId: string): string =>
  `Sorry, something went wrong on my side. If it keeps happening, give the helpdesk this reference: ${referenceId}.`;
export const groupChatOnly =
  'Please message me in a personal chat for that, so nothing private is shown here.';
export const notAllowed = "Sorry, that command is only for administrators, and you don't have that role.";
export const unknownAction = "Sorry, that button doesn't work any more. Type help to see what I can do.";
export const actionDone = 'Done.';
export const tooFast = "You're going a bit fast for me. Please wait a minute, then try that again.";

export const help = {
  title: 'What I can do',
  intro: (organisationName: string): string =>
    `I help everyone at ${organisationName} set up multi-factor authentication (MFA). Type one of these:`,
  adminTitle: 'Admin commands',
  nothingYet: 'I can only show this help for now. More is on its way.',
  /** Quick buttons under the list (each shown only to people who may run its command). */
  buttons: {
    setUp: 'Set up now',
    myStatus: 'My status',
    ask: 'Ask a question',
    report: 'MFA report',
    tickets: 'Open tickets',
  },
  footer: (helpdeskEmail: string): string => `Stuck? Contact the helpdesk at ${helpdeskEmail}.`,
};

export const welcome = {
  title: (firstName: string): string => `Hello ${firstName}`,
  body: (organisationName: string): string =>
    `I'm the MFA assistant for ${organisationName}. I can set up multi-factor authentication with you in a few minutes and answer your questions about it.`,
  deadline: (date: string): string => `Everyone needs MFA set up by ${date}.`,
  hint: 'Type help at any time to see what I can do.',
  /** A new chat with someone already welcomed (another device, a fresh Playground chat). */
  again: (firstName: string): string =>
    `Hello again, ${firstName}. Type **help** to see what I can do, or **set up** to set up MFA.`,
  setUp: 'Set up now',
  ask: 'Ask a question',
};
