import { TotpService } from '../../../src/services/totp/totp-service';
import { base32Decode, hotp, totp, verifyTotp } from '../../support/rfc6238';

/** RFC 6238 appendix B: the seeds are the ASCII strings below, the codes 8 digits. */
const SHA1_SEED = Buffer.from('12345678901234567890', 'ascii');
const SHA256_SEED = Buffer.from('12345678901234567890123456789012', 'ascii');

describe("the Graph stub's own RFC 6238 code (checks the bot's codes without otplib)", () => {
  it.each([
    [59, '94287082', '46119246'],
    [1111111109, '07081804', '68084774'],
    [1234567890, '89005924', '91819424'],
    [20000000000, '65353130', '77737706'],
  ])(
    'when the time is %i s, then the RFC 6238 test vectors come out (SHA-1 and SHA-256)',
    (t, sha1, sha256) => {
      expect(totp(SHA1_SEED, t * 1000, { digits: 8 })).toBe(sha1);
      expect(totp(SHA256_SEED, t * 1000, { digits: 8, hash: 'hmacsha256' })).toBe(sha256);
    },
  );

  it('when HOTP is asked for RFC 4226 counters 0 and 9, then its test vectors come out', () => {
    expect(hotp(SHA1_SEED, 0)).toBe('755224');
    expect(hotp(SHA1_SEED, 9)).toBe('520489');
  });

  it('when a base32 secret is decoded, then case, spaces and padding do not matter and a bad character fails', () => {
    expect(base32Decode('GEZDGNBVGY3TQOJQ')?.toString('ascii')).toBe('1234567890');
    expect(base32Decode('gezd gnbv gy3t qojq====')?.toString('ascii')).toBe('1234567890');
    expect(base32Decode('GEZDGNBV1')).toBeUndefined();
  });

  it('when a code is checked, then the step before and after are accepted but not two steps away', () => {
    const now = 1_700_000_015_000;
    const key = SHA1_SEED;
    expect(verifyTotp(key, totp(key, now - 30_000), now)).toBe(true);
    expect(verifyTotp(key, totp(key, now + 30_000), now)).toBe(true);
    expect(verifyTotp(key, totp(key, now - 60_000), now)).toBe(false);
    expect(verifyTotp(key, totp(key, now + 60_000), now)).toBe(false);
  });

  it("when the bot makes a secret (otplib), then the bot accepts the stub's code for it and refuses a wrong one", () => {
    const at = new Date('2026-11-23T10:00:10Z');
    const bot = new TotpService({ now: () => at }, 'Stub test');
    const secret = bot.newSecret();
    const key = base32Decode(secret);
    if (!key) throw new Error('the bot made a secret that is not base32');
    const code = totp(key, at.getTime());
    expect(bot.check(secret, code).valid).toBe(true);
    const near = [-30_000, 0, 30_000].map((d) => totp(key, at.getTime() + d));
    const wrong = ['000000', '000001', '000002', '000003'].find((c) => !near.includes(c)) ?? '';
    expect(bot.check(secret, wrong).valid).toBe(false);
  });
});
