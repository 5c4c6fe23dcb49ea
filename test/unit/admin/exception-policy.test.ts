import {
  checkExceptionGrant,
  exceptionExpiry,
  isExceptionActive,
  newException,
} from '../../../src/domain/exception-policy';
import { deriveMfaStatus } from '../../../src/domain/mfa-status-rules';

const t0 = new Date('2026-03-28T12:00:00Z');

describe('exception policy', () => {
  it('when a 24h exception is granted, then it expires exactly 24 hours later', () => {
    expect(exceptionExpiry('24h', t0).toISOString()).toBe('2026-03-29T12:00:00.000Z');
  });

  it('when a 180d exception is granted, then it expires 180 days later (UTC, DST does not move it)', () => {
    expect(exceptionExpiry('180d', t0).toISOString()).toBe('2026-09-24T12:00:00.000Z');
  });

  it('when the account is compromised, then no exception can be granted', () => {
    expect(checkExceptionGrant({ compromised: true }, 'travel')).toEqual({ ok: false, why: 'compromised' });
  });

  it('when the reason is blank or too long, then the grant is refused', () => {
    expect(checkExceptionGrant({ compromised: false }, '   ')).toEqual({ ok: false, why: 'reason-missing' });
    expect(checkExceptionGrant({ compromised: false }, 'x'.repeat(501))).toEqual({
      ok: false,
      why: 'reason-too-long',
    });
    expect(checkExceptionGrant({ compromised: false }, 'lost phone')).toEqual({ ok: true });
  });

  it('when time passes the expiry, then the exception is inactive and the status falls back', () => {
    const exception = newException('24h', t0, ' lost phone ', 'admin-1');
    expect(exception.reason).toBe('lost phone');
    const facts = {
      role: 'staff' as const,
      atp: false,
      compromised: false,
      exception,
      mfa: { enabled: false, by: 'admin' as const },
    };
    expect(isExceptionActive(exception, new Date(t0.getTime() + 1000))).toBe(true);
    expect(deriveMfaStatus(facts, new Date(t0.getTime() + 1000))).toBe('MFA 24 Hour Exception');
    const after = exception.expiresAt;
    expect(isExceptionActive(exception, after)).toBe(false);
    expect(deriveMfaStatus(facts, after)).toBe('Admin Disabled');
  });
});
