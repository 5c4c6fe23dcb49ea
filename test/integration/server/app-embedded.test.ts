import { common } from '../../../src/strings';
import {
  activity,
  addPerson,
  post,
  replyTexts,
  startApp,
  tempDataDir,
  type RunningApp,
} from '../../support/app-under-test';

describe('the bot service on the embedded store', () => {
  const data = tempDataDir();
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp({
      DATA_DIR: data.dir,
      HELPDESK_EMAIL: 'servicedesk@trust.example',
      METRICS_PORT: '0',
    });
    await addPerson(running.app, 'aad-1', 'Jordan Example');
  });
  afterAll(async () => {
    await running?.stop();
    data.remove();
  });

  it('when a known person posts a message with expectReplies, then the replies come back in the HTTP body', async () => {
    const first = await post(running.baseUrl, activity('hello', 'aad-1'));
    expect(first.status).toBe(200);
    expect(replyTexts(first).join()).toContain('Hello Jordan');
    const help = await post(running.baseUrl, activity('help', 'aad-1'));
    expect(help.status).toBe(200);
    expect(help.activities).toHaveLength(1);
    expect(replyTexts(help)[0]).toContain(common.help.title);
  });

  it('when a 1 MB message is posted, then it is refused with 413 and the bot keeps working', async () => {
    const big = await post(running.baseUrl, activity('x'.repeat(1_000_000), 'aad-1'));
    expect(big.status).toBe(413);
    const after = await post(running.baseUrl, activity('help', 'aad-1'));
    expect(after.status).toBe(200);
  });

  it('when the body is malformed JSON, then the answer is 400 with a JSON error', async () => {
    const bad = await post(running.baseUrl, undefined, '{"type": "message", ');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      code: 'InvalidContent',
      message: expect.stringMatching(/Invalid JSON/),
    });
  });

  it('when the body is JSON but not an activity, then the answer is 400 with a JSON error', async () => {
    const bad = await post(running.baseUrl, [1, 2, 3]);
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 'BadRequest' });
  });

  it('when the body is a form or multipart upload rather than JSON, then the answer is 400 and nothing is parsed', async () => {
    const form = new FormData();
    form.append('type', 'message');
    form.append('file', new Blob(['x'.repeat(10_000)]), 'a.bin');
    const res = await fetch(`${running.baseUrl}/api/messages`, { method: 'POST', body: form });
    expect(res.status).toBe(400);
    const urlencoded = await fetch(`${running.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'type=message&text=help',
    });
    expect(urlencoded.status).toBe(400);
  });

  it.each([
    ['no conversation', { conversation: undefined }],
    ['a conversation without an id', { conversation: { conversationType: 'personal' } }],
    ['a conversation that is text', { conversation: 'a:1' }],
    ['no channelId', { channelId: undefined }],
    ['a serviceUrl that is not text', { serviceUrl: 42 }],
  ])(
    'when an activity has %s, then it gets 400 before the adapter and nothing is logged as an error',
    async (_what, change) => {
      const errorsBefore = running.logs.at('error').length;
      const body = { ...activity('help', 'aad-1'), ...change };
      const res = await post(running.baseUrl, JSON.parse(JSON.stringify(body)));
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 'BadRequest' });
      expect(running.logs.at('error').slice(errorsBefore)).toEqual([]);
    },
  );

  it('when an activity has no from, then the sender gets a clear answer, not a crash', async () => {
    const res = await post(running.baseUrl, activity('help', undefined));
    expect(res.status).toBe(200);
    expect(replyTexts(res)).toEqual([common.noIdentity]);
  });

  it('when someone not in the directory writes, then they are pointed to the helpdesk', async () => {
    const res = await post(running.baseUrl, activity('help', 'aad-unknown'));
    expect(replyTexts(res)).toEqual([common.unknownPerson('servicedesk@trust.example')]);
  });

  it('when the operator endpoints are called, then they answer with security headers', async () => {
    const health = await fetch(`${running.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('x-frame-options')).toBe('DENY');
    expect(health.headers.get('cache-control')).toBe('no-store');
    expect(health.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(health.headers.get('referrer-policy')).toBe('no-referrer');
    const ready = await fetch(`${running.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('when /metrics is asked for, then the public port says 404 and the metrics port on 127.0.0.1 answers', async () => {
    expect((await fetch(`${running.baseUrl}/metrics`)).status).toBe(404);
    const address = running.app.metricsAddress();
    expect(address).toMatchObject({ address: '127.0.0.1' });
    expect(address?.port).not.toBe(Number(new URL(running.baseUrl).port));
    const res = await fetch(`http://127.0.0.1:${address?.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const metrics = await res.text();
    expect(metrics).toMatch(/turns_total\{type="message"\} \d+/);
    expect(metrics).toContain('turn_duration_seconds_bucket');
    expect(metrics).toMatch(/store_operation_seconds_count\{operation="staff\.findOne",outcome="ok"\} \d+/);
    expect((await fetch(`http://127.0.0.1:${address?.port}/api/messages`)).status).toBe(404);
  });

  it('when METRICS_PORT is not set, then /metrics is served nowhere', async () => {
    const other = tempDataDir();
    const plain = await startApp({ DATA_DIR: other.dir });
    try {
      expect(plain.app.metricsAddress()).toBeUndefined();
      expect((await fetch(`${plain.baseUrl}/metrics`)).status).toBe(404);
    } finally {
      await plain.stop();
      other.remove();
    }
  });
});

describe('the bot service with ALLOWED_TENANT_IDS', () => {
  const data = tempDataDir();
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ DATA_DIR: data.dir, ALLOWED_TENANT_IDS: 'tenant-ok' });
    await addPerson(running.app, 'aad-1');
  });
  afterAll(async () => {
    await running?.stop();
    data.remove();
  });

  it('when a message comes from another tenant, then there is no reply and a warning is logged', async () => {
    const res = await post(running.baseUrl, activity('help', 'aad-1'));
    expect(res.status).toBe(200);
    expect(res.activities).toEqual([]);
    expect(running.logs.at('warn').some((l) => l.tenantId === 'tenant-1')).toBe(true);
  });

  it('when a message comes from the allowed tenant, then it is answered', async () => {
    const res = await post(
      running.baseUrl,
      activity('help', 'aad-1', {
        conversation: { id: 'a:p', conversationType: 'personal', tenantId: 'tenant-ok' },
      }),
    );
    expect(res.activities.length).toBeGreaterThan(0);
  });
});

describe('embedded data across a restart', () => {
  it('when the app restarts on the same DATA_DIR, then people, conversation references and the welcome memory are still there', async () => {
    const data = tempDataDir();
    try {
      const first = await startApp({ DATA_DIR: data.dir });
      await addPerson(first.app, 'aad-9', 'Riley Stone');
      const hello = await post(first.baseUrl, activity('hi', 'aad-9'));
      expect(replyTexts(hello).join()).toContain('Hello Riley');
      await first.stop();

      const second = await startApp({ DATA_DIR: data.dir });
      try {
        expect((await second.app.services.staff.findByAadObjectId('aad-9'))?.displayName).toBe('Riley Stone');
        expect((await second.app.services.conversations.get('aad-9'))?.reference.conversation?.id).toBe(
          'a:personal-aad-9',
        );
        const again = await post(second.baseUrl, activity('hi', 'aad-9'));
        expect(replyTexts(again).join()).not.toContain('Hello Riley');
        expect(replyTexts(again).join()).toContain(common.help.title);
      } finally {
        await second.stop();
      }
    } finally {
      data.remove();
    }
  });
});
