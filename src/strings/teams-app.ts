/**
 * What Teams shows about the app (store listing, command menus) and the "my status" answer.
 * en-GB. The manifest limits: short description 80 characters, full 4000, command title 128.
 */
export const description = {
  short: (organisationName: string): string =>
    `Set up multi-factor authentication at ${organisationName}`.slice(0, 80),
  full: (organisationName: string): string =>
    `Your MFA assistant at ${organisationName}. It walks you through setting up multi-factor authentication ` +
    `(MFA) with Microsoft Authenticator or your phone in a few minutes, answers your questions about MFA, ` +
    `tells you what is left to do and by when, and hands you to the helpdesk if you get stuck. ` +
    `Administrators can look up someone's status, grant short or long-term exceptions, download reports ` +
    `and follow the reminder campaign.`,
};

/** The command menu entries. Each title must be a phrase the bot understands (a test checks it). */
export const staffCommands = [
  { title: 'help', description: 'Show what I can do' },
  { title: 'set up', description: 'Set up MFA step by step' },
  { title: 'my status', description: 'What is done, what is left and your deadline' },
  { title: 'ask', description: 'Ask a question about MFA, for example: ask what is MFA' },
] as const;

export const adminCommands = [
  {
    title: 'status',
    description: "Admins: someone's MFA status, for example: status asha.patel@example.org",
  },
  { title: 'exception', description: 'Admins: grant a 24-hour or 180-day MFA exception' },
  { title: 'report', description: 'Admins: download the MFA status report as a CSV file' },
  {
    title: 'campaign status',
    description: 'Admins: how a reminder campaign is going, for example: campaign status December',
  },
] as const;

/** Commands offered in a team channel or group chat (the helpdesk channel). */
export const channelCommands = [{ title: 'help', description: 'Show what I can do' }] as const;

export const myStatus = {
  title: (firstName: string): string => `Your MFA status, ${firstName}`,
  statusLabel: 'Status',
  methodsLabel: 'Set up',
  deadlineLabel: 'Deadline',
  noMethods: 'Nothing yet',
  noDeadline: 'No deadline has been set',
  doneHeading: 'Done',
  leftHeading: 'Still to do',
  checkedLabel: 'Checked with Microsoft',
  notChecked: 'Not checked: practice mode',
  done: {
    enrolled: 'MFA is set up on your account.',
    methods: (methods: string): string => `You can sign in with: ${methods}.`,
    practice: (on: string): string =>
      `You finished a practice run on ${on}. It was practice only: it did not change how you sign in.`,
    exception: (until: string): string => `You have an exception until ${until}.`,
  },
  left: {
    setUp: 'Set up MFA: type set up, or press the button below. It takes about five minutes.',
    nothing: 'Nothing. You are all set.',
    afterException: 'Set up MFA before your exception ends.',
    carryOn: (stage: number, total: number): string =>
      `Finish setting up MFA: you got to step ${stage} of ${total}. Type set up to carry on.`,
    waitingForMicrosoft:
      "I'm waiting for Microsoft to show the method you added: I'll message you when it does.",
  },
  deadlineTime: (date: string, time: string): string => `${date} at ${time}`,
  deadline: (date: string): string => `Please have MFA set up by ${date}.`,
  deadlinePassed: (date: string): string => `The deadline was ${date}. Please set up MFA today.`,
  setUpButton: 'Set up now',
  askButton: 'Ask a question',
  refreshButton: 'Refresh',
  speakDone: (firstName: string): string => `${firstName}, your MFA is set up. Nothing else to do.`,
  speakLeft: (firstName: string, deadline: string): string =>
    `${firstName}, you still need to set up MFA. ${deadline}`,
};

/** Friendly names for authentication methods (the report's names are for admins). */
export const methodNames: Readonly<Record<string, string>> = {
  PhoneAppNotification: 'Microsoft Authenticator notifications',
  PhoneAppOTP: 'Microsoft Authenticator codes',
  SoftwareOTP: 'an authenticator app code',
  SMS: 'text message codes',
  Voice: 'phone calls',
};

/** The welcome card's line about where the person stands now. */
export const welcomeStatus = (status: string, enrolled: boolean): string =>
  enrolled
    ? `Your MFA status is ${status}, and MFA is set up on your account. Nothing else to do.`
    : `Your MFA status is ${status}. You have not set up a way to sign in with MFA yet.`;

export const staleCard = 'This card is out of date. Here is the latest.';
export const confirmedBy = (name: string, when: string): string => `Confirmed by ${name} at ${when}.`;
export const cancelledBy = (name: string, when: string): string => `Cancelled by ${name} at ${when}.`;
