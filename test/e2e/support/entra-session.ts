import fs from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { GraphStub } from '../../support/graph-stub';
import { startE2eSession, type E2eSession } from './e2e-session';
import type { PlaygroundPage } from './playground-page';
import { graphStubEnv } from '../../support/graph-stub-env';

/** People of test/fixtures/staff.csv the Entra scenarios use; Alex Wilber is the Playground's user. */
export const ALEX = {
  aadObjectId: '00000000-0000-0000-0000-0000000000020',
  upn: 'alexw@example.com',
  displayName: 'Alex Wilber',
};
export const ADELE = {
  aadObjectId: '00000000-0000-0000-0000-0000000000022',
  upn: 'adelev@example.com',
  displayName: 'Adele Vance',
};
export const ISAIAH = {
  aadObjectId: '00000000-0000-0000-0000-0000000000023',
  upn: 'isaiah@example.com',
  displayName: 'Isaiah Langer',
};

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = '66666666-7777-8888-9999-000000000000';
const SCREENSHOTS = path.join(__dirname, '..', '..', '..', 'docs', 'screenshots');

export interface EntraE2eSession extends E2eSession {
  graph: GraphStub;
}

/**
 * An e2e session (the bot, the Agents Playground, Chromium) with Microsoft Graph configured against the
 * Graph stub on 127.0.0.1 in the test process: enrolment ends in Entra (the stub's tenant). Alex is made a
 * member of staff (the sample directory has Alex as a global admin), so Alex sees what staff see.
 */
export async function startEntraSession(
  name: string,
  env: Record<string, string> = {},
): Promise<EntraE2eSession> {
  const graph = await new GraphStub().start();
  for (const p of [ALEX, ADELE, ISAIAH])
    graph.putUser({ id: p.aadObjectId, userPrincipalName: p.upn, displayName: p.displayName });
  let session: E2eSession;
  try {
    session = await startE2eSession(name, {
      env: {
        ...graphStubEnv(graph.baseUrl, { tenantId: TENANT, clientId: CLIENT }),
        ENTRA_CONFIRM_INTERVAL_MS: '500',
        ...env,
      },
    });
  } catch (err) {
    await graph.stop();
    throw err;
  }
  await session.bot.app.services.staff.upsertFromDirectory(
    {
      ...ALEX,
      organisation: 'Northbridge Valley NHS Trust',
      orgUnit: 'IT Services',
      role: 'staff',
      atp: false,
    },
    new Date(),
  );
  return {
    ...session,
    graph,
    async stop() {
      await session.stop();
      await graph.stop();
    },
  };
}

/**
 * Saves the screenshot (test/e2e/artifacts) and, with E2E_DOCS_SCREENSHOTS=1, a copy in docs/screenshots for
 * docs/enrolment.md (opt-in, so an ordinary run leaves the tracked images alone).
 */
export async function docsScreenshot(ui: PlaygroundPage, name: string, focus?: Locator): Promise<void> {
  const file = await ui.screenshot(name, focus);
  if (process.env.E2E_DOCS_SCREENSHOTS !== '1') return;
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  fs.copyFileSync(file, path.join(SCREENSHOTS, path.basename(file)));
}

/** Waits until `locator`'s text contains `text` (a card replaced in place, say); its text otherwise. */
export async function waitUntilReads(locator: Locator, text: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await locator.innerText();
    if (now.includes(text) || Date.now() > deadline) return now;
    await new Promise((r) => setTimeout(r, 100));
  }
}
