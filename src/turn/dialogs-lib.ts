/**
 * The botbuilder-dialogs classes the bot uses, loaded from their own files. The package's index also loads
 * every prompt and, through them, the Microsoft Text Recognizers (numbers, dates and choices in a dozen
 * languages): about 30 MB of resident memory and 0.3 s of start-up for code the bot never runs (it has no
 * prompts; see docs/performance.md). Import dialog classes from here, never from 'botbuilder-dialogs'
 * (eslint enforces it); they are the same classes the index exports.
 */
export { Dialog, DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog';
export type { DialogTurnResult } from 'botbuilder-dialogs/lib/dialog';
export { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
export type { DialogState } from 'botbuilder-dialogs/lib/dialogContext';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog';
