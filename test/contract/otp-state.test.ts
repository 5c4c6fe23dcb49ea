import { StoreOtpAttemptRepository } from '../../src/adapters/store/otp-attempt-repository';
import { StoreTotpSecretRepository } from '../../src/adapters/store/totp-secret-repository';
import type { DocumentStore } from '../../src/ports/document-store';
import { describeEachStore } from '../support/store-factories';

const NOW = new Date('2026-12-01T10:00:00Z');
const POLICY = { maxAttempts: 5, lockoutMs: 15 * 60_000 };
const WHO = 'aad-otp';
const later = (ms: number): Date => new Date(NOW.getTime() + ms);

/** One bot instance's view of the store: the secret and the counter, as the composition builds them. */
function instance(store: DocumentStore): {
  secrets: StoreTotpSecretRepository;
  attempts: StoreOtpAttemptRepository;
} {
  return { secrets: new StoreTotpSecretRepository(store), attempts: new StoreOtpAttemptRepository(store) };
}

describeEachStore(
  "One-time-code state: a person's authenticator secret and shared attempt count",
  ({ store }) => {
    it('when a secret has just been issued, then a code check takes the first attempt and gets the secret back', async () => {
      const { secrets, attempts } = instance(store());
      await secrets.savePending(WHO, 'sealed-1', NOW, 'device-1');
      expect(await secrets.reserveCheck(WHO, NOW, POLICY)).toEqual({
        kind: 'allowed',
        secret: {
          aadObjectId: WHO,
          state: 'pending',
          sealedSecret: 'sealed-1',
          createdAt: NOW,
          deviceId: 'device-1',
        },
        failures: 1,
      });
      expect(await attempts.get(WHO, NOW, POLICY)).toEqual({ failures: 1 });
    });

    it('when phone codes were tried before the secret was issued, then the app check continues the same count and a new secret does not reset it', async () => {
      const { secrets, attempts } = instance(store());
      for (let i = 0; i < 3; i++)
        expect(await attempts.reserve(WHO, NOW, POLICY)).toMatchObject({ allowed: true });
      await secrets.savePending(WHO, 'sealed-1', NOW);
      expect(await secrets.reserveCheck(WHO, NOW, POLICY)).toMatchObject({ kind: 'allowed', failures: 4 });
      await secrets.savePending(WHO, 'sealed-2', NOW);
      const last = await secrets.reserveCheck(WHO, NOW, POLICY);
      expect(last).toMatchObject({ kind: 'allowed', failures: 5, lockedUntil: later(POLICY.lockoutMs) });
      expect(await attempts.reserve(WHO, NOW, POLICY)).toEqual({
        allowed: false,
        lockedUntil: later(POLICY.lockoutMs),
      });
      expect(await secrets.reserveCheck(WHO, NOW, POLICY)).toEqual({
        kind: 'locked',
        lockedUntil: later(POLICY.lockoutMs),
      });
    });

    it('when 60 app and phone attempts race on two instances, then exactly the limit is counted and the lock is set once', async () => {
      const [a, b] = [instance(store()), instance(store())];
      await a.secrets.savePending(WHO, 'sealed-1', NOW);
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) => {
          const side = i % 2 ? b : a;
          return i % 3 === 0
            ? side.attempts.reserve(WHO, NOW, POLICY).then((r) => (r.allowed ? r : undefined))
            : side.secrets.reserveCheck(WHO, NOW, POLICY).then((r) => (r.kind === 'allowed' ? r : undefined));
        }),
      );
      const taken = results.filter((r) => r !== undefined);
      expect(taken.map((r) => r.failures).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(taken.filter((r) => r.lockedUntil !== undefined)).toHaveLength(1);
      expect(await a.attempts.get(WHO, NOW, POLICY)).toEqual({
        failures: 5,
        lockedUntil: later(POLICY.lockoutMs),
      });
    });

    it('when the lock has expired, then racing checks start one fresh count: exactly the limit is taken again', async () => {
      const { secrets, attempts } = instance(store());
      await secrets.savePending(WHO, 'sealed-1', NOW);
      for (let i = 0; i < 5; i++) await secrets.reserveCheck(WHO, NOW, POLICY);
      const after = later(POLICY.lockoutMs + 1);
      expect(await attempts.get(WHO, after, POLICY)).toEqual({ failures: 0 });
      const results = await Promise.all(
        Array.from({ length: 20 }, () => secrets.reserveCheck(WHO, after, POLICY)),
      );
      const taken = results.flatMap((r) => (r.kind === 'allowed' ? [r.failures] : []));
      expect(taken.sort()).toEqual([1, 2, 3, 4, 5]);
      expect(results.filter((r) => r.kind === 'locked')).toHaveLength(15);
    });

    it('when two instances confirm the same secret at once, then exactly one wins, the attempts are forgotten and a replayed code costs none', async () => {
      const [a, b] = [instance(store()), instance(store())];
      await a.secrets.savePending(WHO, 'sealed-1', NOW);
      for (let i = 0; i < 3; i++) await a.secrets.reserveCheck(WHO, NOW, POLICY);
      const wins = await Promise.all([
        a.secrets.confirm(WHO, 'sealed-1', 100, NOW),
        b.secrets.confirm(WHO, 'sealed-1', 100, NOW),
        a.secrets.confirm(WHO, 'sealed-1', 100, NOW),
      ]);
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await a.attempts.get(WHO, NOW, POLICY)).toEqual({ failures: 0 });
      const stored = await b.secrets.get(WHO);
      expect(stored).toMatchObject({ state: 'confirmed', confirmedAt: NOW, lastAcceptedStep: 100 });
      expect(stored?.sealedSecret).toBeUndefined();
      for (let i = 0; i < 10; i++)
        expect(await b.secrets.reserveCheck(WHO, NOW, POLICY)).toEqual({ kind: 'replayed' });
      expect(await a.attempts.get(WHO, NOW, POLICY)).toEqual({ failures: 0 });
    });

    it('when a different secret was issued meanwhile, then confirming the old one fails', async () => {
      const { secrets } = instance(store());
      await secrets.savePending(WHO, 'sealed-1', NOW);
      await secrets.savePending(WHO, 'sealed-2', NOW);
      expect(await secrets.confirm(WHO, 'sealed-1', 100, NOW)).toBe(false);
      expect(await secrets.confirm(WHO, 'sealed-2', 100, NOW)).toBe(true);
    });

    it('when there is no secret (nobody, or only phone attempts), then a code check is not counted', async () => {
      const { secrets, attempts } = instance(store());
      expect(await secrets.reserveCheck(WHO, NOW, POLICY)).toEqual({ kind: 'no-secret' });
      expect(await attempts.reserve(WHO, NOW, POLICY)).toMatchObject({ allowed: true, failures: 1 });
      expect(await secrets.reserveCheck(WHO, NOW, POLICY)).toEqual({ kind: 'no-secret' });
      expect(await secrets.get(WHO)).toBeNull();
      expect(await attempts.get(WHO, NOW, POLICY)).toEqual({ failures: 1 });
    });

    it('when an unconfirmed secret is revoked, then it is gone but the attempt count stays', async () => {
      const { secrets, attempts } = instance(store());
      await secrets.savePending(WHO, 'sealed-1', NOW, 'device-1');
      for (let i = 0; i < 2; i++) await secrets.reserveCheck(WHO, NOW, POLICY);
      expect(await secrets.revokePending(WHO)).toBe(true);
      expect(await secrets.revokePending(WHO)).toBe(false);
      expect(await secrets.get(WHO)).toBeNull();
      expect(await secrets.reserveCheck(WHO, NOW, POLICY)).toEqual({ kind: 'no-secret' });
      expect(await attempts.get(WHO, NOW, POLICY)).toEqual({ failures: 2 });
      await secrets.savePending(WHO, 'sealed-2', NOW);
      expect(await secrets.get(WHO)).toEqual({
        aadObjectId: WHO,
        state: 'pending',
        sealedSecret: 'sealed-2',
        createdAt: NOW,
      });
      expect(await secrets.reserveCheck(WHO, NOW, POLICY)).toMatchObject({ kind: 'allowed', failures: 3 });
    });

    it('when a phone code succeeds, then the count and lock are forgotten but the pending secret stays', async () => {
      const { secrets, attempts } = instance(store());
      await secrets.savePending(WHO, 'sealed-1', NOW);
      for (let i = 0; i < 4; i++) await attempts.reserve(WHO, NOW, POLICY);
      await attempts.reset(WHO);
      expect(await attempts.get(WHO, NOW, POLICY)).toEqual({ failures: 0 });
      expect(await secrets.reserveCheck(WHO, NOW, POLICY)).toMatchObject({ kind: 'allowed', failures: 1 });
    });
  },
);
