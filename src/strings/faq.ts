/** The FAQ: answers, suggestions, feedback and admin stats. */
export const answerTitle = 'Here is what I know';
export const moreLink = 'More about MFA';
export const helpfulQuestion = 'Was this helpful?';
export const yes = 'Yes';
export const no = 'No';
export const commentPlaceholder = 'Anything we could say better? (optional)';
export const didYouMean = 'I am not sure I understood. Did you mean one of these?';
export const noneOfThese = 'None of these: ask the helpdesk';
/** Follows the short answer staff get to a question only an administrator can act on. */
export const localAdminCanDoThis = (helpdeskEmail: string | undefined): string =>
  helpdeskEmail
    ? `Your local admin can do this for you: ask the helpdesk (${helpdeskEmail}) and they will pass it on.`
    : 'Your local admin can do this for you: ask the helpdesk and they will pass it on.';
export const dontKnow = "I don't know that one, and I'd rather not guess.";
export const dontKnowHint = (helpdeskEmail: string): string =>
  `You can ask the helpdesk here and a person will answer, or email ${helpdeskEmail}.`;
export const askHelpdesk = 'Ask the helpdesk';
export const thanksYes = "Thanks, I'm glad that helped.";
export const thanksNo = 'Thanks for telling me. Would you like a person from the helpdesk to answer instead?';
export const feedbackSaved = 'Thanks for the feedback.';
export const reloaded = (loaded: number, invalid: number): string =>
  invalid === 0
    ? `FAQ reloaded: ${loaded} entries.`
    : `FAQ reloaded: ${loaded} entries; ${invalid} invalid ${invalid === 1 ? 'file was' : 'files were'} skipped:`;
export const statsTitle = 'FAQ statistics';
export const unansweredTitle = 'Top unanswered questions';
export const leastHelpfulTitle = 'Least helpful entries';
export const nothingYet = 'Nothing recorded yet.';
export const unansweredLine = (count: number, question: string): string => `${count} × "${question}"`;
export const helpfulnessLine = (title: string, helpful: number, notHelpful: number): string =>
  `${title}: ${helpful} helpful, ${notHelpful} not helpful`;
export const entryGone =
  'That answer is no longer in the knowledge base. Please ask again in your own words.';
export const askWhat =
  'What would you like to know about MFA? Type your question after "ask", for example: ask can I use my own phone?';
export const entriesLine = (count: number): string => `${count} entries loaded.`;
export const askUsage = 'ask <question>';
export const askDescription = 'Ask anything about MFA';
export const reloadDescription = 'Reload the FAQ knowledge base from its files';
export const statsDescription = 'Top unanswered questions and least helpful FAQ entries';
