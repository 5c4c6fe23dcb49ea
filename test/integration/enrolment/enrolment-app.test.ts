import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSync } from 'otplib';
import {
  activity,
  addPerson,
  post,
  replyTexts,
  startApp,
  tempDataDir,
  type RunningApp,
} from '../../support/app-under-test';
import { manualKeyIn } from '../../support/register-card';

jest.setTimeout(60_000);

/** The whole bot over HTTP (expectReplies), embedded file store, development outbox. */
describe('guided enrolment through the running bot', () => {
  const data = tempDataDir();
  let running: RunningApp | undefined;
  const start = async (): Promise<RunningApp> => {
    running = await startApp({ DATA_DIR: data.dir, ORGANISATION_NAME: 'Test Trust' });
    return running;
  };
  const say = async (text: string, who: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const res = await post(running!.baseUrl, activity(text, who, extra));
    expect(res.status).toBe(200);
    return replyTexts(res).join('\n');
  };

  afterAll(async () => {
    await running?.stop();
    data.remove();
  });

  it('when a person types set up and answers by typed button titles, then the practice app path completes (practice mode, nothing registered), across a bot restart', async () => {
    let app = await start();
    await addPerson(app.app, 'aad-app', 'Robin Example');
    expect(await say('set up', 'aad-app')).toContain('Step 1 of 4');
    expect(await say("Let's start", 'aad-app')).toContain('Step 2 of 4');
    expect(await say('Personal phone', 'aad-app')).toContain('cannot see your photos');
    const register = await say("I've installed it", 'aad-app');
    const secret = manualKeyIn(register);
    expect(readFileSync(join(data.dir, 'dev-encryption.key'), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);

    await app.stop();
    app = await start();
    const code = generateSync({ secret, epoch: Math.floor(Date.now() / 1000) });
    const done = await say('', 'aad-app', { text: undefined, value: { action: 'enrolment.submit', code } });
    expect(done).toContain('Practice complete');
    const staff = await app.app.services.staff.findByAadObjectId('aad-app');
    expect(staff).toMatchObject({ methods: [], enrolment: { step: 'done' } });
    expect(staff?.enrolment.practiceCompletedAt).toBeDefined();
    expect(app.logs.text()).not.toContain(secret);
    expect(app.logs.text()).not.toContain(code);
  });

  it('when a person uses a phone number, then the code arrives in the development outbox and completes the SMS practice run', async () => {
    const app = running ?? (await start());
    await addPerson(app.app, 'aad-sms', 'Sam Example');
    await say('enrol', 'aad-sms');
    await say('start', 'aad-sms');
    await say('Work phone', 'aad-sms');
    expect(await say('Use a text or call instead', 'aad-sms')).toContain('Type your phone number');
    expect(await say('07400 123456', 'aad-sms')).toContain('sent a 6-digit code by text message');
    const outbox = readFileSync(join(data.dir, 'outbox', 'sms.log'), 'utf8');
    const code = /to=\+447400123456 code=(\d{6})/.exec(outbox)?.[1];
    expect(code).toBeDefined();
    expect(await say(`${code!.slice(0, 3)} ${code!.slice(3)}`, 'aad-sms')).toContain('Practice complete');
    expect(app.logs.text()).not.toContain('7400123456');
    expect(app.logs.text()).not.toContain(code);
  });

  it('when a question is typed mid-flow, then the knowledge base answers it and the step is asked again', async () => {
    const app = running ?? (await start());
    await addPerson(app.app, 'aad-faq', 'Kim Example');
    await say('set up', 'aad-faq');
    expect(await say('Tell me more', 'aad-faq')).toContain('What is MFA');
    await say("Let's start", 'aad-faq');
    await say('Personal phone', 'aad-faq');
    const reply = await say('Can my employer see my personal data through the app?', 'aad-faq');
    expect(reply).toContain('What can the Authenticator app see on my personal phone?');
    expect(reply).toContain('Back to where we were');
    expect(reply).toContain('Install Microsoft Authenticator');
    expect((await app.app.services.staff.findByAadObjectId('aad-faq'))?.enrolment.step).toBe('install');
  });

  it('when set up is typed in a group chat, then only a private-chat link comes back', async () => {
    const app = running ?? (await start());
    await addPerson(app.app, 'aad-group', 'Gale Example');
    const reply = await say('set up', 'aad-group', {
      conversation: { id: '19:group', conversationType: 'groupChat', tenantId: 'tenant-1' },
    });
    expect(reply).toContain("Let's do this in a private chat");
    expect(reply).not.toContain('Step 1 of 4');
  });
});
