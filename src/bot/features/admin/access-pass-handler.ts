import { z } from 'zod';
import { doneCard } from '../../../cards/in-place-cards';
import { renderCard } from '../../../cards/render';
import type { AdminCommand } from '../../../domain/admin-command';
import { rolesAllowed } from '../../../domain/permissions';
import type { StaffMember } from '../../../domain/staff';
import { actorFrom } from '../../../services/admin/admin-actor';
import { REFUSAL, tap as t } from '../../../strings/admin';
import { formatShort } from '../../../strings/dates';
import { accessPass as passText } from '../../../strings/enrolment';
import { defineCardAction, type CardAction, type CardActionResult, type TurnRequest } from '../../feature';
import { isUniversalAction } from '../../universal-action';
import type { AdminContext } from './admin-context';
import { withTarget } from './target';

const roles = rolesAllowed('accessPass');
const confirmData = z.object({ target: z.string().min(1).max(64), shownAt: z.string().datetime() });
const cancelData = z.object({ target: z.string().min(1).max(64) });

/** `tap <user>`: checks the admin may, then shows the confirmation card (nothing is issued yet). */
export async function offerAccessPass(
  ctx: AdminContext,
  req: TurnRequest,
  c: Extract<AdminCommand, { kind: 'tap' }>,
): Promise<void> {
  const text = await withTarget(ctx, req, c.user, c, 'accessPass', async (m) => {
    if (!ctx.entra) return t.needsGraph;
    const refused = await ctx.admin.view(actorFrom(req.staff), m, 'accessPass');
    if (refused) return REFUSAL[refused];
    await req.turn.sendActivity({ attachments: [renderCard('admin-access-pass', confirmView(ctx, m))] });
  });
  if (text) await req.turn.sendActivity(text);
}

function confirmView(ctx: AdminContext, m: StaffMember): Record<string, unknown> {
  const { lifetimeMinutes, usableOnce } = ctx.accessPass;
  return {
    title: t.title(m.displayName),
    speak: t.speak(m.displayName),
    facts: [
      { title: t.facts.person, value: m.displayName },
      { title: t.facts.upn, value: m.upn },
      { title: t.facts.organisation, value: m.organisation },
      { title: t.facts.lifetime, value: t.lifetime(lifetimeMinutes) },
      { title: t.facts.once, value: t.once(usableOnce) },
    ],
    checks: t.checkFirst.map((text) => ({ text })),
    confirmLabel: t.confirm,
    cancelLabel: t.cancel,
    target: m.aadObjectId,
    shownAt: ctx.clock.now().toISOString(),
  };
}

/** The card's answer: it turns into a "done" card for a Universal Action; a sentence for a Submit. */
function answer(req: TurnRequest, title: string, status: string, detail: string): CardActionResult {
  if (isUniversalAction(req.turn)) return { card: doneCard({ title, status, detail }) };
  return { message: detail };
}

/**
 * Confirm: every check again on the stored person (the card's data is only a hint), the pass created in
 * Entra, then sent to the person's own chat, never to the admin. Undeliverable: the pass is deleted at
 * once. A card pressed again after a pass went out does nothing.
 */
export function accessPassActions(ctx: AdminContext): CardAction[] {
  const confirm = defineCardAction({
    action: 'admin.tap.confirm',
    schema: confirmData,
    allowedRoles: roles,
    async run(req, data) {
      const entra = ctx.entra;
      if (!entra) return { message: t.needsGraph };
      const target = await ctx.resolver.byId(data.target);
      if (!target) return { message: REFUSAL.scope };
      const title = t.title(target.displayName);
      const actor = actorFrom(req.staff);
      const refused = await ctx.admin.view(actor, target, 'accessPass');
      if (refused) return { message: REFUSAL[refused] };
      const last = target.enrolment.lastAction;
      if (last && last.action === 'enrolment.access-pass-issued' && last.at >= new Date(data.shownAt)) {
        return answer(req, title, t.statusSent, t.alreadySent);
      }
      const issued = await entra.passes.issue(target, {
        aadObjectId: actor.aadObjectId,
        upn: actor.upn ?? '',
        role: actor.role,
      });
      if (issued.kind === 'refused-admin-role') return { message: t.adminRole };
      const until = formatShort(issued.pass.expiresAt, ctx.timezone);
      const delivered = await ctx.messenger.sendToUser(
        target.aadObjectId,
        passText.delivered(issued.pass.pass, until, issued.pass.usableOnce),
      );
      if (delivered !== 'sent') {
        await entra.passes.retire(issued.staff);
        return answer(req, title, t.statusCancelled, t.notDelivered(target.displayName));
      }
      return answer(req, title, t.statusSent, t.sent(target.displayName, until));
    },
  });
  const cancel = defineCardAction({
    action: 'admin.tap.cancel',
    schema: cancelData,
    allowedRoles: roles,
    run: (req) => Promise.resolve(answer(req, t.cancelled, t.statusCancelled, t.cancelled)),
  });
  return [confirm, cancel];
}
