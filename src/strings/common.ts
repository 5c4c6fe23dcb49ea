export const unknownPerson = (helpdeskEmail: string): string =>
  `Sorry, I can't find you in the staff directory, so I can't help with MFA yet. Please contact the helpdesk at ${helpdeskEmail}.`;
export const storeUnavailable =
  "I can't reach my records right now, please try again in a few minutes.";
export const apology = (referenceId: string): string =>
  `Sorry, something went wrong on my side. If it keeps happening, give the helpdesk this reference: ${referenceId}.`;
export const groupChatOnly = 'Please message me in a personal chat for that, so nothing private is shown here.';
export const notAllowed = "Sorry, that command is only for administrators, and you don't have that role.";
