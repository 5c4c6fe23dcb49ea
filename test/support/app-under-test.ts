import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { createApp, type App, type AppOverrides } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Role } from '../../src/domain/staff';
import { createLogger } from '../../src/logger';
import { LogCapture } from '../unit/bot/support/bot-harness';

export interface RunningApp {
  app: App;
  baseUrl: string;
  logs: LogCapture;
  stop(): Promise<void>;
}

export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bot-data-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** createApp on 127.0.0.1, port 0, with the given settings (as environment variables would give them). */
export async function startApp(
  env: Record<string, string>,
  overrides: Omit<AppOverrides, 'logger'> = {},
): Promise<RunningApp> {
  const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', SHUTDOWN_GRACE_MS: '2000', ...env });
  const logs = new LogCapture();
  const logger = createLogger({ level: 'debug', destination: logs.stream });
  const app = await createApp(config, { ...overrides, logger });
  const address = await app.listen(0);
  return { app, baseUrl: `http://127.0.0.1:${address.port}`, logs, stop: () => app.close() };
}

export async function addPerson(
  app: App,
  id: string,
  displayName = 'Jordan Example',
  role: Role = 'staff',
): Promise<void> {
  await app.services.staff.upsertFromDirectory(
    {
      aadObjectId: id,
      upn: `${id}@example.org`,
      displayName,
      organisation: 'Org A',
      orgUnit: 'Ward 1',
      role,
      atp: false,
    },
    new Date(),
  );
}

let n = 0;
export function activity(
  text: string,
  aadObjectId: string | undefined,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  n += 1;
  return {
    type: 'message',
    id: `act-${n}`,
    text,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    deliveryMode: 'expectReplies',
    conversation: {
      id: `a:personal-${aadObjectId ?? 'anon'}`,
      conversationType: 'personal',
      tenantId: 'tenant-1',
    },
    from: aadObjectId ? { id: `29:${aadObjectId}`, name: 'Jordan', aadObjectId } : undefined,
    recipient: { id: '28:bot', name: 'MFA bot' },
    ...extra,
  };
}

export interface Posted {
  status: number;
  json: unknown;
  activities: Partial<Activity>[];
  text: string;
}

export async function post(baseUrl: string, body: unknown, raw?: string): Promise<Posted> {
  const res = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const activities = ((json as { activities?: Partial<Activity>[] } | undefined)?.activities ?? []).filter(
    (a) => a.type !== 'typing',
  );
  return { status: res.status, json, activities, text };
}

/** The replies' texts; cards as their JSON. */
export function replyTexts(posted: Posted): string[] {
  return posted.activities.map((a) => a.text ?? JSON.stringify(a.attachments ?? []));
}
