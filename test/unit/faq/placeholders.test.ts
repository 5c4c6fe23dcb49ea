import { fillPlaceholders } from '../../../src/services/faq/placeholders';
import { placeholderValues } from '../../../src/services/faq/faq-settings';

describe('answer placeholders', () => {
  it('when a value is configured, then it replaces the placeholder', () => {
    expect(fillPlaceholders('Email {{helpdeskEmail}} today.', { helpdeskEmail: 'it@trust.nhs.uk' })).toBe(
      'Email it@trust.nhs.uk today.',
    );
  });

  it('when a value is missing and the placeholder has a fallback, then the fallback reads in its place', () => {
    expect(fillPlaceholders('Finish by {{deadline|the date announced}}.', {})).toBe(
      'Finish by the date announced.',
    );
  });

  it('when a value is missing and there is no fallback, then the whole sentence is left out', () => {
    const text = 'Install the app. Watch the video at {{learnMoreUrl}}. Then register.';
    expect(fillPlaceholders(text, {})).toBe('Install the app. Then register.');
    expect(fillPlaceholders(text, { learnMoreUrl: 'https://x.example/mfa' })).toContain(
      'video at https://x.example/mfa.',
    );
  });

  it('when the deadline is configured, then it is written as a date people read, in the configured time zone', () => {
    const v = placeholderValues({
      organisationName: 'Trust',
      helpdeskEmail: 'h@x.org',
      deadline: new Date('2026-12-01T00:30:00Z'),
      timezone: 'Europe/London',
    });
    expect(v.deadline).toBe('1 December 2026');
    expect(
      placeholderValues({ organisationName: 'T', helpdeskEmail: 'h@x.org', timezone: 'Europe/London' })
        .deadline,
    ).toBeUndefined();
  });
});
