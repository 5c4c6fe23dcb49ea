/** Helpdesk tickets: what askers and helpdesk members read. */
export const created = (ref: string): string =>
  `Thanks, I've passed your question to the helpdesk (reference ${ref}). I'll message you here when someone picks it up and when it's answered.`;
export const alreadyOpen = (ref: string): string =>
  `You already have a request with the helpdesk (reference ${ref}). I'll let you know as soon as they reply.`;
export const assignedToAsker = (ref: string, helper: string): string =>
  `${helper} from the helpdesk has picked up your question (${ref}) and will get back to you.`;
export const closedToAsker = (ref: string, helper: string, answer: string): string =>
  `${helper} from the helpdesk answered your question (${ref}):\n\n${answer}`;
export const askerNotReachable = (ref: string): string =>
  `I couldn't message the person who asked ${ref} (they may have removed the bot). Please contact them directly.`;
export const assignedToHelper = (ref: string): string =>
  `${ref} is now assigned to you. The asker has been told.`;
export const closedToHelper = (ref: string): string => `${ref} is closed and the asker has your answer.`;
export const alreadyTaken = (ref: string, who: string): string => `${ref} was already picked up by ${who}.`;
export const alreadyClosed = (ref: string): string => `${ref} is already closed.`;
export const stale = (ref: string): string =>
  `${ref} changed while you were looking at it. Here is how it stands now.`;
export const notFound = "I couldn't find that ticket.";
export const tooManyQuestions =
  "You've sent the helpdesk several questions in the last few minutes. They'll get to those first: please wait a little, then try again.";
export const outOfScope =
  "That ticket was asked by someone outside your organisation, so it's for their organisation's admins or the helpdesk.";
export const answerRequired = 'Please type the answer for the asker before closing the ticket.';
export const noTickets = 'There are no open helpdesk tickets.';
export const listTitle = (count: number): string => `Open helpdesk tickets (${count})`;
export const cardTitle = (ref: string): string => `Helpdesk ticket ${ref}`;
export const kindLabel = {
  question: 'Question',
  'no-device': 'No mobile device for MFA',
  'access-pass': 'Needs a Temporary Access Pass to register MFA',
  'phone-conflict': 'A different phone number is already registered',
  'cannot-finish': 'MFA set-up could not be finished by the bot',
} as const;
export const stateLabel = { open: 'Open', assigned: 'Assigned', closed: 'Closed' } as const;
export const assignButton = 'Assign to me';
export const closeButton = 'Close with answer';
export const answerPlaceholder = 'Your answer to the asker';
export const noDeviceQuestion = "I don't have a mobile device I can use for MFA.";
export const someone = 'Someone';
export const listDescription = 'List open helpdesk tickets';
export const factKind = 'Kind';
export const factState = 'State';
export const factAsker = 'Asked by';
export const factAsked = 'Asked';
export const factAssignee = 'Assigned to';
export const factClosedBy = 'Closed by';
export const askerLine = (name: string, upn: string | undefined): string => (upn ? `${name} (${upn})` : name);
export const noQuestionGiven = '(no question typed)';
