/** Guided enrolment: every sentence the staff member sees while setting up MFA. */
import type { HelpdeskReason } from '../ports/helpdesk-handover';

export const SECURITY_INFO_URL = 'https://aka.ms/mysecurityinfo';

/** A button: its title, and other words that count as pressing it when typed. */
export interface AnswerWords {
  title: string;
  alsoAccept: readonly string[];
}

export const answers = {
  start: {
    title: "Let's start",
    alsoAccept: ['start', 'yes', 'ok', 'okay', 'go', 'continue', 'next', 'lets start'],
  },
  more: { title: 'Tell me more', alsoAccept: ['more', 'tell me more about mfa', 'why', 'what is mfa'] },
  notNow: { title: 'Not now', alsoAccept: ['later', 'not now thanks', 'maybe later'] },
  work: { title: 'Work phone', alsoAccept: ['work', 'work mobile', 'my work phone', 'a work phone'] },
  personal: {
    title: 'Personal phone',
    alsoAccept: ['personal', 'my phone', 'my own phone', 'own phone', 'personal mobile', 'my personal phone'],
  },
  noDevice: {
    title: "I don't have a mobile device",
    alsoAccept: ['no device', 'no phone', 'i dont have a phone', "i don't have a phone", 'no mobile', 'none'],
  },
  installed: {
    title: "I've installed it",
    alsoAccept: ['installed', 'done', 'ive installed it', 'i have installed it', 'got it', 'finished'],
  },
  needHelp: {
    title: 'I need help',
    alsoAccept: ['need help', 'i cant install it', "i can't install it", 'stuck'],
  },
  usePhone: {
    title: 'Use a text or call instead',
    alsoAccept: [
      'text me',
      'call me',
      'sms',
      'use my phone number',
      'use my phone number instead',
      'text or call',
    ],
  },
  newQr: {
    title: 'Show me a new QR code',
    alsoAccept: ['new qr code', 'new qr', 'new code', 'show the qr code again', 'show qr code'],
  },
  useApp: { title: 'Use the app instead', alsoAccept: ['app', 'use the app', 'authenticator'] },
  sms: { title: 'Text message', alsoAccept: ['text', 'sms', 'text me'] },
  voice: { title: 'Phone call', alsoAccept: ['call', 'voice', 'call me', 'phone me'] },
  resend: { title: 'Send a new code', alsoAccept: ['resend', 'send again', 'new code', 'send it again'] },
  changeNumber: {
    title: 'Change number',
    alsoAccept: ['different number', 'wrong number', 'change my number'],
  },
  doneIt: {
    title: "I've done it",
    alsoAccept: [
      'done',
      'done it',
      'ive done it',
      'i have done it',
      'added it',
      'finished',
      'check now',
      'check again',
    ],
  },
  cantGetIn: {
    title: "I can't get into Security info",
    alsoAccept: ['cant get in', "can't get in", 'i cant sign in', 'blocked', 'it wont let me', 'access pass'],
  },
  scanHere: {
    title: 'Scan a QR code here instead',
    alsoAccept: ['scan here', 'qr code here', 'use a qr code'],
  },
} as const satisfies Record<string, AnswerWords>;
export type AnswerKey = keyof typeof answers;

export const interruptions = {
  cancel: ['cancel', 'stop', 'quit', 'exit', 'pause', 'not now', 'later'],
  help: ['help', '?', 'what do i do', 'what do i do now', 'im stuck', "i'm stuck", 'what now'],
  restart: ['restart', 'start again', 'start over', 'begin again', 'from the start'],
} as const;

export const stepOf = (n: number, total: number): string => `Step ${n} of ${total}`;
export const welcomeBack = (n: number, total: number): string =>
  `Welcome back! You were at step ${n} of ${total}, so let's carry on from there.`;
export const alreadyDone = (methods: string): string =>
  `You're already set up for MFA (${methods}). There's nothing more to do. If you've changed phone, contact the helpdesk.`;
export const paused = (n: number, total: number): string =>
  `OK, I've paused here. Your progress is saved at step ${n} of ${total}: type **set up** whenever you're ready to carry on.`;
export const restarted = "No problem, let's start again from the beginning.";
export const didNotCatch =
  "Sorry, I didn't catch that. Choose one of the buttons (or type its name), or type **help** for what to do at this step.";
export const backToStep = 'Back to where we were:';

export const why = {
  title: 'Set up multi-factor authentication (MFA)',
  line1: (org: string): string =>
    `MFA protects your ${org} account: as well as your password, you prove it's you with a code from your phone.`,
  line2:
    "You'll be asked for it when you sign in away from the organisation's network or on a personal device.",
  moreFallback:
    "Passwords can be guessed or stolen by phishing emails. With MFA, a stolen password isn't enough: the second step needs your phone. Microsoft says MFA blocks 99.9% of account compromise attacks. In healthcare that protects patient records and the systems care depends on. Setting it up now takes a few minutes and means you won't be asked at an inconvenient moment.",
  moreQuestion: 'What is MFA and why do I need it?',
};

export const device = {
  title: 'Which phone will you use?',
  body: 'You need a smartphone you usually carry with you. It can be a work phone or your own.',
  noDeviceHint: "If you don't have a smartphone, that's fine: I'll get the helpdesk to help you.",
};

export const install = {
  title: 'Install Microsoft Authenticator',
  body: 'On your phone, install the free Microsoft Authenticator app from your app store, or scan this QR code with the phone camera to open the store.',
  appStore: 'App Store (iPhone)',
  googlePlay: 'Google Play (Android)',
  qrAlt: 'QR code linking to Microsoft Authenticator in the app stores',
  personalTitle: 'On a personal phone',
  personalNote:
    'The app only holds sign-in codes for your work account. It cannot see your photos, messages, contacts, browsing or location, and your organisation cannot wipe or manage your phone through it.',
  help: [
    '1. Open the App Store (iPhone) or Google Play (Android) on your phone.',
    '2. Search for **Microsoft Authenticator** (publisher: Microsoft Corporation) and install it.',
    '3. Open the app and allow notifications if it asks. You can skip any sign-in or backup screens.',
    'If your phone cannot install apps, choose **Use a text or call instead**.',
  ].join('\n\n'),
};

export const register = {
  title: 'Add your work account to the app',
  scan: 'In Microsoft Authenticator tap **+**, choose **Other account**, and scan this QR code.',
  qrAlt: (org: string): string => `QR code to add your ${org} account to Microsoft Authenticator`,
  manualLabel: "Can't scan? Choose **Enter code manually** and type this key:",
  accountLabel: (org: string, upn: string): string => `Account name: ${org} (${upn})`,
  askCode: 'Then type the 6-digit code the app shows for this account.',
  resumeBody:
    "Type the 6-digit code from the account you added to Microsoft Authenticator. If you didn't add it, choose **Show me a new QR code**.",
  codePlaceholder: '123 456',
  codeLabel: '6-digit code',
  verifyButton: 'Check my code',
  onceNote: 'For your security I show this QR code only once. Please do not share it.',
  help: [
    'Open Microsoft Authenticator on your phone, tap **+** (Add account), then **Other account**, then scan the QR code on the card.',
    "If you can't scan it, choose **Enter code manually** in the app and type the key shown under the QR code.",
    'The app then shows a 6-digit code that changes every 30 seconds: type it here, with or without a space.',
  ].join('\n\n'),
};

export const code = {
  wrong: (left: number): string =>
    `That code didn't match. Check you're reading the code for this account and type the one showing now (they change every 30 seconds). ${left} ${left === 1 ? 'try' : 'tries'} left.`,
  locked: (until: string): string =>
    `That's too many wrong codes, so I've paused code checks for your safety. Please try again after ${until}.`,
  replayed: 'That code has already been used. Please wait for the app to show a new code and type that one.',
  letters: 'Codes only have digits, 0-9 (no letters). Please type the 6 digits, for example 123 456.',
  length: (digits: number): string =>
    `That's ${digits} ${digits === 1 ? 'digit' : 'digits'}; the code has 6. Please type all 6, for example 123 456.`,
  notYet: "I'm not asking for a code yet. Let's finish this step first.",
};

export const phone = {
  title: 'Use your phone number instead',
  body: 'I can send you a code by text message, or call you and read it out. Type your phone number, for example 07400 123456.',
  bodySmsOnly: 'I can send you a code by text message. Type your mobile number, for example 07400 123456.',
  numberLabel: 'Phone number',
  numberPlaceholder: '07400 123456',
  channelLabel: 'How should I send the code?',
  sendButton: 'Send me a code',
  chosen: (how: string): string => `OK, by ${how}. Now type your phone number.`,
  problems: {
    'not-a-number':
      "That doesn't look like a phone number. Please type the digits, for example 07400 123456.",
    invalid: "That isn't a valid phone number. Please check the digits and try again.",
    'invalid-maybe-foreign':
      "That isn't a valid UK number. If it's from another country, start with + and the country code, for example +33 6 12 34 56 78.",
    'landline-for-sms':
      'That looks like a landline, and text messages need a mobile. Give me a mobile number, or choose **Phone call**.',
    'landline-for-sms-uk':
      'That looks like a UK landline; SMS needs a mobile. Give me a mobile number, or choose **Phone call**.',
    'landline-no-voice':
      "That looks like a landline; text messages need a mobile, and I can't make calls here.",
    'not-personal':
      "That number can't receive codes (it looks like a premium-rate, free-phone or shared number).",
  },
  sent: (how: 'sms' | 'voice', masked: string): string =>
    how === 'sms'
      ? `I've sent a 6-digit code by text message to ${masked}. It works for 10 minutes. Type it here.`
      : `I'm calling ${masked} now to read out a 6-digit code. It works for 10 minutes. Type it here.`,
  codeTitle: 'Type the code I sent you',
  resumeBody: (masked: string): string =>
    `I sent a code to ${masked}. Type it here, or choose **Send a new code** if it has expired.`,
  tooSoon: (at: string): string => `I've only just sent a code. You can ask for another after ${at}.`,
  windowFull: (at: string): string =>
    `That's the most codes I can send in an hour. You can ask for another after ${at}, or use the app instead.`,
  expired:
    'That code has expired (codes last 10 minutes). Choose **Send a new code** and I will send another.',
  noCode: "I don't have a code waiting for you. Let's send one: type your phone number.",
  smsWord: 'text message',
  voiceWord: 'phone call',
  help: [
    'Type the phone number you want to use for sign-in codes. UK numbers can start with 07 or +44; other countries need + and the country code.',
    'Text messages need a mobile. A phone call can go to a landline.',
    'When the code arrives, type its 6 digits here. It works for 10 minutes.',
  ].join('\n\n'),
};

/** Step 4 when enrolment ends in Entra: Microsoft Authenticator added on Security info. */
export const securityInfo = {
  title: 'Add Microsoft Authenticator to your account',
  intro:
    "You add the app to your work account on Microsoft's **Security info** page, on a computer, with your phone beside you:",
  steps: [
    `1. On a computer, open Security info (${SECURITY_INFO_URL}) and sign in with your work account.`,
    '2. Choose **Add sign-in method**, then **Microsoft Authenticator**, and follow the steps.',
    '3. When a QR code appears on the computer, open Microsoft Authenticator on your phone, tap **+**, choose **Work or school account** and scan it.',
    '4. Approve the test notification on your phone.',
  ],
  then: "Then choose **I've done it** and I'll check with Microsoft that it's there.",
  link: 'Open Security info',
  checking: 'Checking with Microsoft...',
  notYet:
    "I can't see it on your account yet. It can take a few minutes to show up: I'll keep checking and message you here when it does. You don't need to do anything else.",
  help: [
    `On a computer, open Security info (${SECURITY_INFO_URL}), choose **Add sign-in method** and then **Microsoft Authenticator**.`,
    'Follow the steps: on your phone, open Microsoft Authenticator, tap **+**, choose **Work or school account** and scan the QR code on the computer, then approve the test notification.',
    "Come back here and choose **I've done it**. If Security info won't let you in, choose **I can't get into Security info**.",
  ].join('\n\n'),
  oathUnavailable:
    "Scanning a code here isn't available for your organisation right now, so let's add the app on Security info instead.",
};

/** Temporary Access Pass: the way into Security info for someone with no method yet. */
export const accessPass = {
  requested: (email: string, reference?: string): string =>
    `I've asked the helpdesk for a **Temporary Access Pass**: a one-off code that lets you into Security info to add the app.${reference ? ` Your reference is ${reference}.` : ''} They will check it's really you, then I'll send the pass here. You can also email ${email}.`,
  alreadyRequested: (email: string): string =>
    `The helpdesk already has your request for a Temporary Access Pass and will be in touch. You can also email ${email}.`,
  delivered: (pass: string, until: string, once: boolean): string =>
    [
      `Here is your **Temporary Access Pass**: **${pass}**`,
      `It works until ${until}${once ? ', once' : ''}. Don't share it with anyone: the helpdesk will never ask you for it.`,
      `1. On a computer, open Security info (${SECURITY_INFO_URL}) and sign in with your work account; when asked, enter this pass instead of a password or code.`,
      '2. Choose **Add sign-in method** > **Microsoft Authenticator**, scan the QR code with the app and approve the test notification.',
      "3. Come back here and type **set up**, then choose **I've done it**.",
      "I show the pass only this once and I don't keep it.",
    ].join('\n\n'),
};

/** When the bot writes a method (phone, OATH token) or reads Entra, and it could not finish. */
export const entra = {
  cannotFinish: (reference?: string): string =>
    `I couldn't finish this with Microsoft from here, so I've asked the helpdesk to finish it with you${reference ? ` (reference ${reference})` : ''}. They'll be in touch; nothing you did was wrong.`,
  phoneConflict: (email: string): string =>
    `Your account already has a different mobile number for sign-in codes, and I never replace one. I've asked the helpdesk to check which number should stay; they'll be in touch (or email ${email}).`,
  adminRole:
    "Accounts with an admin role add their sign-in methods themselves on Security info, so I won't add this number for you. Let's use the app on Security info instead.",
  pending:
    "I've added it to your account, but Microsoft isn't showing it yet. It can take a few minutes: I'll keep checking and message you here when it's there.",
  registered: (method: string): string =>
    `Microsoft now shows ${method} on your account: you're set up for MFA.`,
  stillMissing: (path: 'authenticator' | 'phone' | 'oath'): string =>
    path === 'authenticator'
      ? "I still can't see Microsoft Authenticator on your account. Check on Security info that it's listed and that you approved the test notification, then type **set up** and choose **I've done it**. If it isn't there, add it again or type **ask the helpdesk**."
      : "I still can't see it on your account. Type **set up** to try again, or **ask the helpdesk** for help.",
};

/** Practice mode (no Microsoft Graph): nothing reaches Microsoft Entra ID, and every card says so. */
export const practice = {
  banner: "Practice run: this doesn't change how you sign in to your organisation's account.",
  doneTitle: 'Practice complete',
  doneBody: (method: string): string =>
    `You've practised setting up ${method}. This was a practice run only: your organisation's sign-in is unchanged and nothing was registered with Microsoft.`,
  statusLabel: 'Status: practice only (not registered)',
  next: [
    'When your organisation switches the bot on for real, type **set up** again: it will then register the method on your account.',
    "Until then, follow your organisation's instructions for setting up MFA.",
  ],
  finished: "You've already finished the practice run. Type **set up** to practise again.",
  again:
    "You've finished the practice run before. Let's run through it again (practice only: nothing changes on your account).",
};

/** What the helpdesk ticket says for each kind of hand-over. */
export const helpdeskRequest: Readonly<Record<HelpdeskReason, string>> = {
  'no-device': 'No mobile device for Microsoft Authenticator or phone codes: please arrange another way.',
  'access-pass':
    "Can't get into Security info to add Microsoft Authenticator: please check who they are, then issue a Temporary Access Pass with `tap <their UPN>`.",
  'phone-conflict':
    'Wants to use a phone number for sign-in codes, but Entra already holds a different mobile number: please check which number should stay.',
  'cannot-finish':
    "The bot couldn't finish MFA registration in Entra (a permission or tenant setting is missing; see the bot's log): please finish it with them.",
};

export const done = {
  title: "You're done!",
  body: (method: string): string => `MFA is set up for your account with ${method}.`,
  /** What signing in looks like from now on, for the method Entra confirmed. */
  next: (method: string): string[] => [
    method === 'PhoneAppNotification'
      ? "When you sign in away from the organisation's network or on a personal device, Microsoft Authenticator on your phone asks you to approve it."
      : "When you sign in away from the organisation's network or on a personal device, you'll be asked for a code.",
    method === 'PhoneAppNotification'
      ? 'Open the notification, type the number shown on the sign-in screen and approve. That is all.'
      : 'Open Microsoft Authenticator (or wait for the text or call) and type the code shown. That is all.',
    'If you change or lose your phone, contact the helpdesk so they can reset it.',
  ],
  methodNames: {
    SoftwareOTP: 'Microsoft Authenticator',
    PhoneAppNotification: 'Microsoft Authenticator',
    PhoneAppOTP: 'codes from Microsoft Authenticator',
    SMS: 'text message codes',
    Voice: 'phone call codes',
  },
  statusLabel: 'Status: set up',
};

export const noDevice = {
  title: "I've asked the helpdesk to help you",
  body: (email: string): string =>
    `I've recorded that you don't have a mobile device. The helpdesk will be in touch to arrange another way for you to sign in. You can also email them at ${email}.`,
  already: (email: string): string =>
    `The helpdesk already has your request and will be in touch. You can also email them at ${email}.`,
  next: 'If you get a smartphone later, type **set up** and choose the phone.',
};

export const privately = {
  text: "Let's do this in a private chat with me, so your codes and QR code are never shown here.",
  button: 'Open a private chat',
};

export const help = {
  why: "MFA adds a second step when you sign in: a code from your phone. Choose **Let's start** to set it up, or **Tell me more** to read why it matters.",
  device:
    "Choose the phone you'll use for sign-in codes: a work phone or your own. If you don't have a smartphone, choose **I don't have a mobile device** and the helpdesk will help.",
  noDevice: "The helpdesk has your request. If you now have a smartphone, choose the phone you'll use.",
  install: install.help,
  register: register.help,
  securityInfo: securityInfo.help,
  phoneNumber: phone.help,
  phoneCode: phone.help,
  footer: 'You can also type **cancel** to pause (your progress is kept) or **restart** to start again.',
};

export const startCommand = {
  usage: 'set up',
  description: 'Set up MFA step by step (about 5 minutes)',
};

/** A step card after its button was pressed: it turns into a short "Done" card, or says it is out of date. */
export const inPlace = {
  done: (chosen: string): string => `Done: ${chosen}`,
  codeChecked: 'code checked',
  codeSent: 'code sent',
  answered: 'answer sent',
  outOfDate: 'This card is out of date: you have already answered this step.',
  staleStatus: 'Already answered',
  carryOn: 'Your next step is further down the chat. Type **set up** to see it again.',
  allDone: 'MFA is already set up on your account. There is nothing more to do.',
  seeBelow: 'See my reply below.',
};
