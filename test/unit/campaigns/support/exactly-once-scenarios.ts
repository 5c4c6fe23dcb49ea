import type { Messenger, OutgoingMessage, SendHooks, SendOutcome } from '../../../../src/ports/messenger';
import type { CampaignHarness } from './campaign-harness';
import { globalAdmin } from './campaign-harness';

export const SCENARIO_DEADLINE = new Date('2026-12-01T17:00:00Z');
export const SCENARIO_D14 = new Date('2026-11-17T10:00:00Z');

/** Adds `n` people with conversation references and starts a campaign whose d14 reminder is due. */
export async function runningCampaign(h: CampaignHarness, n: number, name: string): Promise<string> {
  for (let i = 0; i < n; i++)
    await h.addPerson({ id: `p${String(i).padStart(3, '0')}`, organisation: i % 3 ? 'Trust A' : 'Trust B' });
  const c = await h.admin.create(globalAdmin(), {
    name,
    deadline: SCENARIO_DEADLINE,
    audience: { organisations: [], orgUnits: [], statuses: [] },
  });
  await h.admin.run(globalAdmin(), 'start', name);
  h.clock.set(SCENARIO_D14);
  return c.id;
}

/**
 * A messenger for a worker that "dies" after `sendsBeforeCrash` sends: every later send never returns,
 * so its claims are left behind with their leases, as after a killed process.
 */
export function crashingMessenger(
  inner: Messenger,
  sendsBeforeCrash: number,
): Messenger & { crashed: () => boolean } {
  let sends = 0;
  return {
    crashed: () => sends >= sendsBeforeCrash,
    sendToUser(id: string, message: OutgoingMessage, hooks?: SendHooks): Promise<SendOutcome> {
      if (sends >= sendsBeforeCrash) return new Promise<SendOutcome>(() => undefined);
      sends++;
      return inner.sendToUser(id, message, hooks);
    },
    sendToConversation: (ref, message) => inner.sendToConversation(ref, message),
  };
}

/** Deliveries per conversation for people p000..p(n-1): every value must be exactly 1. */
export function deliveryCounts(h: CampaignHarness, n: number): number[] {
  const d = h.deliveries();
  return Array.from({ length: n }, (_, i) => d.get(h.conversationOf(`p${String(i).padStart(3, '0')}`)) ?? 0);
}

export async function settle(ms = 50): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Waits until `count` records of the campaign are recorded as sent (at most 30 s). */
export async function untilSent(h: CampaignHarness, campaignId: string, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await h.records(campaignId)).filter((r) => r.state === 'sent').length < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} reminders were recorded as sent`);
    await settle();
  }
}
