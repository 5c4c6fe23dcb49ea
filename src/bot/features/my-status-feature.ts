import { renderCard } from '../../cards/render';
import type { Config } from '../../config';
import type { Clock } from '../../ports/clock';
import type { Command, Feature } from '../feature';
import { myStatusView } from './my-status-view';

/**
 * `my status` for staff: what is done, what is left, the deadline (config.deadline in config.timezone).
 * The buttons reuse the phrases of the commands that claim the welcome's "Set up now" / "Ask a question".
 */
export function createMyStatusFeature(deps: {
  clock: Clock;
  config: Pick<Config, 'deadline' | 'timezone'>;
  commands: () => readonly Command[];
}): Feature {
  const phraseFor = (kind: 'setUp' | 'ask') =>
    deps.commands().find((c) => c.welcomeButton === kind)?.phrases[0];
  const myStatus: Command = {
    id: 'my-status',
    phrases: ['my status', 'my progress', 'am i done'],
    usage: 'my status',
    description: 'What is done, what is left and your deadline',
    audience: 'staff',
    async run(req) {
      const data = myStatusView(req.staff, {
        now: deps.clock.now(),
        deadline: deps.config.deadline,
        timezone: deps.config.timezone,
        setUpPhrase: phraseFor('setUp'),
        askPhrase: phraseFor('ask'),
      });
      await req.turn.sendActivity({ attachments: [renderCard('my-status', data)] });
    },
  };
  return { name: 'my-status', commands: [myStatus] };
}
