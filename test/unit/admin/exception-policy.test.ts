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

  it('when a shorter exception would replace a longer one, then it is refused; a longer one extends', () => {
    const long = newException('180d', t0, 'travel', 'a');
    const later = new Date(t0.getTime() + 3600_000);
    expect(
      checkExceptionGrant({ compromised: false, exception: long }, 'x', { kind: '24h', now: later }),
    ).toEqual({
      ok: false,
      why: 'would-shorten',
    });
    expect(
      checkExceptionGrant({ compromised: false, exception: long }, 'x', { kind: '180d', now: later }),
    ).toEqual({
      ok: true,
    });
    const short = newException('24h', t0, 'phone', 'a');
    expect(
      checkExceptionGrant({ compromised: false, exception: short }, 'x', { kind: '24h', now: later }),
    ).toEqual({
      ok: true,
    });
    const expired = new Date(long.expiresAt.getTime() + 1);
    expect(
      checkExceptionGrant({ compromised: false, exception: long }, 'x', { kind: '24h', now: expired }),
    ).toEqual({
      ok: true,
    });
  });
});
