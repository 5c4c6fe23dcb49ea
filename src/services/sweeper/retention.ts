import type { RetentionRule } from '../../ports/retention';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Applies each rule (0 days = keep for ever); returns how many records each deleted. */
export async function applyRetention(
  rules: readonly RetentionRule[],
  now: Date,
): Promise<Record<string, number>> {
  const purged: Record<string, number> = {};
  for (const rule of rules) {
    if (rule.days <= 0) continue;
    purged[rule.name] = await rule.target.purgeOlderThan(new Date(now.getTime() - rule.days * DAY_MS));
  }
  return purged;
}
