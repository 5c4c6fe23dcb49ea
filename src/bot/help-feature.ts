import type { Config } from '../config';
import { renderCard } from '../cards/render';
import { common } from '../strings';
import { isVisibleTo } from './command-access';
import { isPersonalChat } from './conversation-kind';
import type { Command, Feature, TurnRequest } from './feature';

export interface HelpFeature extends Feature {
  /** Sends the help card for the person speaking (also the router's answer to anything unrecognised). */
  showHelp(req: TurnRequest): Promise<void>;
}

interface CommandLine {
  usage: string;
  description: string;
}

const toLine = (c: Command): CommandLine => ({ usage: c.usage, description: c.description });

/**
 * The core 'help' command: a card listing the commands of every registered feature that the person's
 * role may use (in group chats: only those marked allowInGroupChat). Admin-audience commands appear in
 * their own section, for admins only.
 * `features` is read at help time, so the help feature can sit in the same list it describes.
 */
export function createHelpFeature(deps: {
  features: () => readonly Feature[];
  config: Pick<Config, 'organisationName' | 'helpdeskEmail'>;
}): HelpFeature {
  const showHelp = async (req: TurnRequest): Promise<void> => {
    // In a group chat or channel only the commands that work there are offered.
    const personal = isPersonalChat(req.turn.activity);
    const visible = deps
      .features()
      .flatMap((f) => f.commands ?? [])
      .filter((c) => isVisibleTo(c, req.staff.role))
      .filter((c) => personal || c.allowInGroupChat === true);
    const card = renderCard('help', {
      title: common.help.title,
      intro: common.help.intro(deps.config.organisationName),
      commands: visible.filter((c) => c.audience === 'staff').map(toLine),
      adminTitle: common.help.adminTitle,
      adminCommands: visible.filter((c) => c.audience === 'admin').map(toLine),
      nothingYet: common.help.nothingYet,
      // Only in personal chats: the commands behind these buttons are private ones.
      buttons: personal
        ? visible.flatMap((c) => (c.helpButton ? [{ title: c.helpButton, phrase: c.phrases[0] }] : []))
        : [],
      footer: common.help.footer(deps.config.helpdeskEmail),
    });
    await req.turn.sendActivity({ attachments: [card] });
  };

  const helpCommand: Command = {
    id: 'help',
    phrases: ['help', 'menu', 'commands', 'what can you do'],
    usage: 'help',
    description: 'Show what I can do',
    audience: 'staff',
    allowInGroupChat: true,
    run: (req) => showHelp(req),
  };

  return { name: 'help', commands: [helpCommand], showHelp };
}
