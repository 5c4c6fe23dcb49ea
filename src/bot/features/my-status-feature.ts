import { z } from 'zod';
import { cardAttachment, renderCardJson } from '../../cards/render';
import { refreshFor } from '../../cards/in-place-cards';
import type { Config } from '../../config';
import type { StaffMember } from '../../domain/staff';
import type { Clock } from '../../ports/clock';
import { common } from '../../strings';
import { defineCardAction, type Command, type Feature, type TurnRequest } from '../feature';
import { myStatusView } from './my-status-view';

export const MY_STATUS_REFRESH = 'my-status.refresh';

/**
 * `my status` for staff: what is done, what is left, the deadline (config.deadline in config.timezone).
 * The buttons reuse the phrases of the commands that claim the welcome's "Set up now" / "Ask a question".
 * The card refreshes itself in place (Universal Action): Teams asks for the current version whenever the
 * person opens the chat, and the Refresh button does the same on demand, so an old card never shows old facts.
 */
export function createMyStatusFeature(deps: {
  clock: Clock;
  config: Pick<Config, 'deadline' | 'timezone'>;
  commands: () => readonly Command[];
  /**
   * Entra mode: reads the person's methods from Microsoft Entra ID (and records them) before the card is
   * drawn, so it shows Entra's truth; the last recorded view when Graph does not answer.
   */
  readEntra?: (staff: StaffMember) => Promise<StaffMember>;
}): Feature {
  const phraseFor = (kind: 'setUp' | 'ask') =>
    deps.commands().find((c) => c.welcomeButton === kind)?.phrases[0];

  const cardFor = async (req: TurnRequest): Promise<Record<string, unknown>> => {
    const staff = deps.readEntra ? await deps.readEntra(req.staff).catch(() => req.staff) : req.staff;
    const view = myStatusView(staff, {
      now: deps.clock.now(),
      deadline: deps.config.deadline,
      timezone: deps.config.timezone,
      setUpPhrase: phraseFor('setUp'),
      askPhrase: phraseFor('ask'),
    });
    const userId = req.turn.activity.from?.id;
    const refresh = userId ? refreshFor([userId], MY_STATUS_REFRESH, {}) : undefined;
    return {
      ...renderCardJson('my-status', { ...view, refreshVerb: MY_STATUS_REFRESH }),
      ...(refresh ? { refresh } : {}),
    };
  };

  const myStatus: Command = {
    id: 'my-status',
    phrases: ['my status', 'my progress', 'am i done'],
    usage: 'my status',
    description: 'What is done, what is left and your deadline',
    audience: 'staff',
    helpButton: common.help.buttons.myStatus,
    async run(req) {
      await req.turn.sendActivity({ attachments: [cardAttachment(await cardFor(req))] });
    },
  };

  const refreshAction = defineCardAction({
    action: MY_STATUS_REFRESH,
    schema: z.unknown(),
    run: async (req) => ({ card: await cardFor(req) }),
  });

  return { name: 'my-status', commands: [myStatus], actions: [refreshAction] };
}
