/**
 * Every user-facing sentence, en-GB, in one catalogue so wording can be reviewed and translated.
 * One file per area below; features import from here, never write user text inline.
 */
export * as common from './common';
export * as enrolment from './enrolment';
export * as campaigns from './campaigns';
export * as faq from './faq';
export * as tickets from './tickets';
export * as teamsApp from './teams-app';
export * as admin from './admin';
export * as graph from './graph';
