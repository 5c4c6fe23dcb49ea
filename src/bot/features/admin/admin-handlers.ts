import { renderCard } from '../../../cards/render';
import type { AdminCommand } from '../../../domain/admin-command';
import { actorFrom } from '../../../services/admin/admin-actor';
import { formatShort } from '../../../strings/dates';
import * as s from '../../../strings/admin';
import type { TurnRequest } from '../../feature';
import type { AdminContext } from './admin-context';
import { auditView, statusView } from './admin-views';
import { previewBulk } from './bulk-handler';
import { offerAccessPass } from './access-pass-handler';
import { runReport } from './report-handler';
import { describeChange, guarded, withTarget } from './target';

type Handler<K extends AdminCommand['kind']> = (
  ctx: AdminContext,
  req: TurnRequest,
  command: Extract<AdminCommand, { kind: K }>,
) => Promise<void>;

const reply = async (req: TurnRequest, text: string | void): Promise<void> => {
  if (text) await req.turn.sendActivity(text);
};

/** One handler per command kind: resolve the person, call the service, answer with a card or a sentence. */
const HANDLERS: { [K in AdminCommand['kind']]: Handler<K> } = {
  async status(ctx, req, c) {
    const text = await withTarget(ctx, req, c.user, c, 'status', async (m) => {
      const refused = await ctx.admin.view(actorFrom(req.staff), m, 'status');
      if (refused) return s.REFUSAL[refused];
      // Entra's truth now (Graph configured); the last recorded view when Graph does not answer.
      const person = ctx.entra
        ? await ctx.entra.reader.refresh(m).then(
            (r) => r.staff,
            () => m,
          )
        : m;
      await req.turn.sendActivity({
        attachments: [renderCard('admin-status', statusView(person, ctx.timezone, ctx.clock.now()))],
      });
    });
    await reply(req, text);
  },

  tap: offerAccessPass,

  async audit(ctx, req, c) {
    const text = await withTarget(ctx, req, c.user, c, 'audit', async (m) => {
      const trail = await ctx.admin.auditTrail(actorFrom(req.staff), m);
      if (!Array.isArray(trail)) return s.REFUSAL[trail];
      await req.turn.sendActivity({
        attachments: [renderCard('admin-audit', auditView(m, trail, ctx.timezone))],
      });
    });
    await reply(req, text);
  },

  async enable(ctx, req, c) {
    const lines: string[] = [];
    for (const user of c.users) {
      const line = await withTarget(ctx, req, user, { kind: 'enable', users: [user] }, 'enable', (m) =>
        guarded(async () =>
          describeChange(await ctx.admin.enable(actorFrom(req.staff), m), (a) => s.enabled(a.displayName)),
        ),
      );
      if (line) lines.push(line);
    }
    await reply(req, lines.join('\n\n'));
  },

  async disable(ctx, req, c) {
    const lines: string[] = [];
    for (const user of c.users) {
      const one = { kind: 'disable' as const, users: [user], reason: c.reason };
      const line = await withTarget(ctx, req, user, one, 'disable', (m) =>
        guarded(async () =>
          describeChange(await ctx.admin.disable(actorFrom(req.staff), m, c.reason), (a) =>
            s.disabled(a.displayName),
          ),
        ),
      );
      if (line) lines.push(line);
    }
    await reply(req, lines.join('\n\n'));
  },

  async exception(ctx, req, c) {
    const op = c.duration === '24h' ? 'exception24h' : 'exception180d';
    const text = await withTarget(ctx, req, c.user, c, op, (m) =>
      guarded(async () => {
        const r = await ctx.admin.grantException(actorFrom(req.staff), m, c.duration, c.reason);
        if (r.kind === 'refused' && r.why === 'would-shorten' && m.exception) {
          return s.wouldShorten(m.displayName, formatShort(m.exception.expiresAt, ctx.timezone));
        }
        return describeChange(r, (a, told) =>
          s.exceptionGranted(
            a.displayName,
            s.EXCEPTION_LABEL[c.duration],
            a.exception ? formatShort(a.exception.expiresAt, ctx.timezone) : '',
            told,
          ),
        );
      }),
    );
    await reply(req, text);
  },

  async revokeException(ctx, req, c) {
    const text = await withTarget(ctx, req, c.user, c, 'revokeException', (m) =>
      guarded(async () => {
        const r = await ctx.admin.revokeException(actorFrom(req.staff), m);
        if (r.kind === 'unchanged') return s.noException(m.displayName);
        return describeChange(r, (a) => s.exceptionRevoked(a.displayName, a.mfaStatus));
      }),
    );
    await reply(req, text);
  },

  async reenrol(ctx, req, c) {
    const text = await withTarget(ctx, req, c.user, c, 'reenrol', (m) =>
      guarded(async () =>
        describeChange(await ctx.admin.reenrol(actorFrom(req.staff), m), (a, told) =>
          s.reenrolled(a.displayName, told),
        ),
      ),
    );
    await reply(req, text);
  },

  async compromised(ctx, req, c) {
    const text = await withTarget(ctx, req, c.user, c, 'compromised', (m) =>
      guarded(async () => {
        const r = await ctx.admin.setCompromised(actorFrom(req.staff), m, !c.clear);
        if (c.clear && r.kind === 'unchanged') return s.notCompromised(m.displayName);
        return describeChange(r, (a) =>
          c.clear ? s.clearedCompromised(a.displayName, a.mfaStatus) : s.markedCompromised(a.displayName),
        );
      }),
    );
    await reply(req, text);
  },

  bulk: (ctx, req, c) => previewBulk(ctx, req, c),
  report: (ctx, req, c) => runReport(ctx, req, c),
};

export function runAdminCommand(ctx: AdminContext, req: TurnRequest, command: AdminCommand): Promise<void> {
  const handler = HANDLERS[command.kind] as Handler<AdminCommand['kind']>;
  return handler(ctx, req, command);
}
