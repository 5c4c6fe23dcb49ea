import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { createApp, type App } from '../../../src/app';
import { CommandRegistry } from '../../../src/bot/command-registry';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { buildManifest } from '../../../manifest/app-package';

interface CommandList {
  scopes: string[];
  commands: { title: string }[];
}

/**
 * The command menus Teams shows come from the manifest; each entry must be a phrase the running bot
 * (the features createApp registers) understands, or people would pick a menu item and get "sorry?".
 */
describe('the command menus in the manifest', () => {
  let app: App;
  let registry: CommandRegistry;
  let lists: CommandList[];

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    app = await createApp(config, {
      store: new EmbeddedDocumentStore({ inMemory: true }),
      logger: createLogger({ level: 'silent' }),
    });
    registry = new CommandRegistry(app.features);
    const bots = buildManifest(config).manifest.bots as { commandLists: CommandList[] }[];
    lists = bots[0].commandLists;
  });
  afterAll(() => app.close());

  const titles = (scope: string) =>
    lists.find((l) => l.scopes.includes(scope))?.commands.map((c) => c.title) ?? [];

  it('when the personal menu is read, then every entry runs a registered command', () => {
    const unknown = titles('personal').filter((title) => !registry.match(title));
    expect(unknown).toEqual([]);
  });

  it('when the admin entries are picked, then they reach admin commands, and the staff entries staff commands', () => {
    const audiences = Object.fromEntries(
      titles('personal').map((t) => [t, registry.match(t)?.command.audience]),
    );
    expect(audiences).toEqual({
      help: 'staff',
      'set up': 'staff',
      'my status': 'staff',
      ask: 'staff',
      status: 'admin',
      exception: 'admin',
      report: 'admin',
      'campaign status': 'admin',
    });
  });

  it('when the team and group chat menu is read, then every entry works outside a personal chat', () => {
    const channel = titles('team');
    expect(channel.length).toBeGreaterThan(0);
    expect(titles('groupChat')).toEqual(channel);
    const refused = channel.filter((title) => !registry.match(title)?.command.allowInGroupChat);
    expect(refused).toEqual([]);
  });
});
