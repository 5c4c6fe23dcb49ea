import type { PlaceholderValues } from './faq-entry';
import { formatDate } from '../../strings/dates';

export interface FaqSettingsSource {
  organisationName: string;
  helpdeskEmail: string;
  deadline?: Date;
  learnMoreUrl?: string;
  timezone: string;
}

/** Placeholder values from config; the deadline is written as people read dates ("1 December 2026"). */
export function placeholderValues(c: FaqSettingsSource): PlaceholderValues {
  return {
    organisationName: c.organisationName,
    helpdeskEmail: c.helpdeskEmail,
    deadline: c.deadline ? formatDate(c.deadline, c.timezone) : undefined,
    learnMoreUrl: c.learnMoreUrl,
  };
}
