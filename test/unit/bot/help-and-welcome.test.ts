import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { DocumentStaffRepository } from '../../../src/adapters/store/staff-repository';
import { MemoryStorage } from 'botbuilder';
import { Welcome } from '../../../src/bot/welcome';
import { loadConfig } from '../../../src/config';
import type { Command, Feature } from '../../../src/bot/feature';
import { common } from '../../../src/strings';
import { createHarness, message, texts, type Harness } from './support/bot-harness';

const cmd = (
  id: string,
  phrase: string,
  audience: Command['audience'],
  extra: Partial<Command> = {},
): Command => ({
  id,
  phrases: [phrase],
  usage: phrase,
  description: `does ${id}`,
  audience,
  run: async (req) => {
    await req.turn.sendActivity(`ran ${id}`);
  },
  ...extra,
});

const features: Feature[] = [
  {
    name: 'enrolment',
    commands: [cmd('enrol', 'set up', 'staff', { welcomeButton: 'setUp', helpButton: 'Set up now' })],
  },
  { name: 'faq', commands: [cmd('ask', 'ask', 'staff', { welcomeButton: 'ask' })] },
  {
    name: 'admin',
    commands: [
      cmd('exception', 'exception', 'admin', { allowedRoles: ['localAdmin', 'globalAdmin', 'helpdesk'] }),
      cmd('bulk', 'bulk enable', 'admin', { allowedRoles: ['globalAdmin'], helpButton: 'Bulk enable' }),
    ],
  },
];

function cardJson(activities: { attachments?: unknown }[]): string {
  return JSON.stringify(activities.map((a) => a.attachments));
}

describe('help', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ features: () => features });
    await h.addPerson('staff1', 'staff');
    await h.addPerson('local1', 'localAdmin');
    await h.addPerson('global1', 'globalAdmin');
    for (const id of ['staff1', 'local1', 'global1']) await h.send(message('hello', id));
  });
  afterEach(() => h.close());

  it('when staff ask for help, then they see staff commands and no admin section', async () => {
    const json = cardJson((await h.send(message('help', 'staff1'))).activities);
    expect(json).toContain('set up');
    expect(json).toContain('does ask');
    expect(json).not.toContain(common.help.adminTitle);
    expect(json).not.toContain('exception');
  });

  it('when a local admin asks for help, then admin commands they may run are listed, not the others', async () => {
    const json = cardJson((await h.send(message('help', 'local1'))).activities);
    expect(json).toContain(common.help.adminTitle);
    expect(json).toContain('does exception');
    expect(json).not.toContain('bulk enable');
  });

  it('when help is asked in a group chat, then only commands that work there are listed', async () => {
    const group = {
      conversation: {
        id: 'g1',
        conversationType: 'groupChat',
        isGroup: true,
        tenantId: 'tenant-a',
        name: 'g',
      },
    };
    const json = cardJson((await h.send(message('help', 'global1', group))).activities);
    expect(json).toContain('Show what I can do');
    expect(json).not.toContain('does enrol');
    expect(json).not.toContain('does exception');
  });

  it('when a global admin asks for help, then every admin command is listed', async () => {
    const json = cardJson((await h.send(message('help', 'global1'))).activities);
    expect(json).toContain('does exception');
    expect(json).toContain('bulk enable');
  });
});

describe('help card buttons', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ features: () => features });
    await h.addPerson('staff1', 'staff');
    await h.addPerson('global1', 'globalAdmin');
    for (const id of ['staff1', 'global1']) await h.send(message('hello', id));
  });
  afterEach(() => h.close());

  const buttonsOf = (activities: { attachments?: unknown }[]) =>
    JSON.parse(cardJson(activities)) as { content: { actions?: { title: string; data: unknown }[] } }[][];

  it('when staff ask for help, then the card offers the buttons of their own commands only', async () => {
    const [[card]] = buttonsOf((await h.send(message('help', 'staff1'))).activities);
    expect(card?.content.actions).toEqual([
      { type: 'Action.Submit', title: 'Set up now', data: { action: 'command.run', command: 'set up' } },
    ]);
  });

  it('when a global admin asks for help, then admin buttons are offered too', async () => {
    const [[card]] = buttonsOf((await h.send(message('help', 'global1'))).activities);
    expect(card?.content.actions?.map((a) => a.title)).toEqual(['Set up now', 'Bulk enable']);
  });

  it("when a help card's button is pressed, then its command runs", async () => {
    const pressed = await h.send(
      message('', 'staff1', { value: { action: 'command.run', command: 'set up' } }),
    );
    expect(texts(pressed.activities)).toEqual(['ran enrol']);
  });
});

describe('welcome', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('when someone writes for the first time, then they are welcomed by first name with the set-up and ask buttons', async () => {
    h = await createHarness({ features: () => features });
    await h.addPerson('p1', 'staff', 'Priya Shah');
    const { activities } = await h.send(message('hi', 'p1'));
    expect(activities).toHaveLength(1);
    const json = cardJson(activities);
    expect(json).toContain('Hello Priya');
    expect(json).toContain(common.welcome.setUp);
    expect(json).toContain(common.welcome.ask);
    expect(json).toContain('"data":{"action":"command.run","command":"set up"}');
  });

  it('when the app is installed and reinstalled, then the welcome is shown once', async () => {
    h = await createHarness({ features: () => features });
    await h.addPerson('p1', 'staff', 'Priya Shah');
    const install = { ...message('', 'p1'), type: 'installationUpdate', action: 'add', text: undefined };
    const first = await h.send(install);
    expect(cardJson(first.activities)).toContain('Hello Priya');
    await h.send({ ...install, action: 'remove' });
    const again = await h.send({ ...install, action: 'add' });
    expect(again.activities).toEqual([]);
    const chat = await h.send(message('set up', 'p1'));
    expect(texts(chat.activities)).toEqual(['ran enrol']);
  });

  it('when someone already welcomed opens a new chat (another device, a fresh Playground chat), then it says what to type, once per chat', async () => {
    h = await createHarness({ features: () => features });
    await h.addPerson('p1', 'staff', 'Priya Shah');
    await h.send(message('help', 'p1')); // welcomed in the first chat (the quick start's curl)
    const conversation = {
      id: 'playground-chat-2',
      conversationType: 'personal',
      isGroup: false,
      tenantId: 'tenant-a',
      name: '',
    };
    const opened = {
      ...message('', 'p1', { conversation }),
      type: 'conversationUpdate',
      text: undefined,
      membersAdded: [{ id: '28:bot', name: 'MFA bot' }],
    };
    const first = await h.send(opened);
    expect(texts(first.activities)).toEqual([common.welcome.again('Priya')]);
    expect(common.welcome.again('Priya')).toMatch(/help/);
    const again = await h.send(opened);
    expect(again.activities).toEqual([]);
  });

  it('when no feature offers set-up or questions, then the welcome has no buttons', async () => {
    h = await createHarness();
    await h.addPerson('p1', 'staff', 'Sam Jones');
    const json = cardJson((await h.send(message('hi', 'p1'))).activities);
    expect(json).toContain('Hello Sam');
    expect(json).not.toContain(common.welcome.setUp);
  });

  it('when a deadline is configured, then the welcome says it', async () => {
    h = await createHarness({ env: { MFA_DEADLINE: '2026-12-01T17:00:00Z' } });
    await h.addPerson('p1', 'staff', 'Sam Jones');
    const json = cardJson((await h.send(message('hi', 'p1'))).activities);
    expect(json).toContain('1 December 2026');
  });
});

describe('welcome on a Teams install', () => {
  it('when Teams sends installationUpdate and conversationUpdate at the same moment, then the welcome is shown once', async () => {
    const store = new EmbeddedDocumentStore({ inMemory: true });
    const repo = new DocumentStaffRepository(store);
    const clock = { now: () => new Date('2026-11-02T09:00:00Z') };
    await repo.upsertFromDirectory(
      {
        aadObjectId: 'p1',
        upn: 'p1@example.org',
        displayName: 'Priya Shah',
        organisation: 'O',
        orgUnit: 'U',
        role: 'staff',
        atp: false,
      },
      clock.now(),
    );
    const person = (await repo.findByAadObjectId('p1'))!;
    // Two bot instances (no shared in-process chain), each with the person as its identity middleware read them.
    const instance = () =>
      new Welcome({
        storage: new MemoryStorage(),
        staff: repo,
        clock,
        commands: () => [],
        config: loadConfig({}),
      });
    const sent: unknown[] = [];
    const turn = () =>
      ({ sendActivity: async (a: unknown) => void sent.push(a), turnState: new Map() }) as never;
    const results = await Promise.all([
      instance().welcomeIfNew(turn(), person),
      instance().welcomeIfNew(turn(), person),
    ]);
    expect(results.sort()).toEqual([false, true]);
    expect(sent).toHaveLength(1);
    expect((await repo.findByAadObjectId('p1'))?.welcomedAt).toEqual(clock.now());
  });

  it('when someone was welcomed before the flag moved onto their record, then they are not welcomed again and the flag moves over', async () => {
    const store = new EmbeddedDocumentStore({ inMemory: true });
    const repo = new DocumentStaffRepository(store);
    const clock = { now: () => new Date('2026-11-02T09:00:00Z') };
    await repo.upsertFromDirectory(
      {
        aadObjectId: 'p2',
        upn: 'p2@example.org',
        displayName: 'Pat Old',
        organisation: 'O',
        orgUnit: 'U',
        role: 'staff',
        atp: false,
      },
      clock.now(),
    );
    const storage = new MemoryStorage();
    await storage.write({ 'welcome/p2': { welcomedAt: '2026-10-01T09:00:00.000Z' } });
    const welcome = new Welcome({ storage, staff: repo, clock, commands: () => [], config: loadConfig({}) });
    const sent: unknown[] = [];
    const turn = { sendActivity: async (a: unknown) => void sent.push(a), turnState: new Map() } as never;
    expect(await welcome.welcomeIfNew(turn, (await repo.findByAadObjectId('p2'))!)).toBe(false);
    expect(sent).toEqual([]);
    expect((await repo.findByAadObjectId('p2'))?.welcomedAt).toBeDefined();
  });
});
