import { CommandRegistry } from '../../../src/bot/command-registry';
import type { Command, Feature } from '../../../src/bot/feature';

const command = (id: string, phrases: string[]): Command => ({
  id,
  phrases,
  usage: phrases[0] ?? id,
  description: id,
  audience: 'staff',
  run: async () => undefined,
});

const features: Feature[] = [
  { name: 'a', commands: [command('help', ['help']), command('report', ['report'])] },
  {
    name: 'b',
    commands: [command('report-status', ['report status']), command('setup', ['set up', 'setup'])],
  },
];

describe('CommandRegistry', () => {
  const registry = new CommandRegistry(features);

  it.each([
    ['help', 'help', ''],
    ['HELP', 'help', ''],
    ['help?', 'help', ''],
    ['help me please', 'help', 'me please'],
    ['set up', 'setup', ''],
    ['Set   up now', 'setup', 'now'],
    ['report status Org A', 'report-status', 'Org A'],
    ['report Org A', 'report', 'Org A'],
    ['help, what is MFA', 'help', 'what is MFA'],
  ])('when the text is "%s", then command %s runs with args "%s"', (text, id, args) => {
    const match = registry.match(text);
    expect(match?.command.id).toBe(id);
    expect(match?.args).toBe(args);
  });

  it.each(['helpdesk', 'I need help', 'setupx', 'reports', ''])(
    'when the text is "%s", then no command matches (whole words at the start only)',
    (text) => {
      expect(registry.match(text)).toBeUndefined();
    },
  );

  it('when two commands claim the same phrase, then building the registry fails naming both', () => {
    expect(
      () =>
        new CommandRegistry([
          { name: 'x', commands: [command('one', ['status'])] },
          { name: 'y', commands: [command('two', ['Status'])] },
        ]),
    ).toThrow(/"status" is claimed by both one and two/);
  });

  it('when asked for all commands, then every feature contributes', () => {
    expect(registry.all().map((c) => c.id)).toEqual(['help', 'report', 'report-status', 'setup']);
  });
});
