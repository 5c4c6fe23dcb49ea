import fs from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const ARTIFACTS_DIR = path.join(__dirname, '..', 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Only the Playground on loopback may be reached: its web fonts and animations on a CDN are refused. */
const LOOPBACK = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost)(:\d+)?\//;

// What the Playground's web UI (0.2.x) renders, found by dumping its DOM in Chromium:
const COMPOSER = '[data-lexical-editor="true"][role="textbox"]';
/** Every bot message (text or card) is an OutputCard; the user's own messages are not. */
const BOT_MESSAGE = '.fai-OutputCard';

/**
 * Drives the Playground's web UI in Debian's Chromium (playwright-core, fresh profile, headless).
 * Replies are counted from a mark set before each message or click, so a wait only ever matches a
 * reply that arrived after the action, never an older one with the same words.
 */
export class PlaygroundPage {
  private mark = 0;

  private constructor(
    private readonly context: BrowserContext,
    readonly page: Page,
    private readonly profileDir: string,
  ) {}

  static async open(url: string, profileDir: string): Promise<PlaygroundPage> {
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1400, height: 900 },
      locale: 'en-GB',
      timezoneId: 'Europe/London',
    });
    try {
      await context.route(
        (u) => !LOOPBACK.test(u.href),
        (route) => route.abort(),
      );
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(20_000);
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      await page.locator(COMPOSER).waitFor({ state: 'visible', timeout: 60_000 });
      return new PlaygroundPage(context, page, profileDir);
    } catch (err) {
      await context.close();
      throw err;
    }
  }

  /** Bot messages shown so far. */
  botMessages(): Locator {
    return this.page.locator(BOT_MESSAGE);
  }

  /** Waits until at least `count` bot messages are on screen (e.g. the welcome after install). */
  async waitForBotMessages(count: number, timeoutMs = 30_000): Promise<void> {
    await this.botMessages()
      .nth(count - 1)
      .waitFor({ state: 'visible', timeout: timeoutMs });
  }

  async sendMessage(text: string): Promise<void> {
    this.mark = await this.botMessages().count();
    const composer = this.page.locator(COMPOSER);
    await composer.click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }

  /** The first bot message after the last action whose text contains `text`. */
  async waitForReplyContaining(text: string, timeoutMs = 30_000): Promise<Locator> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const messages = this.botMessages();
      const count = await messages.count();
      for (let i = this.mark; i < count; i++) {
        const message = messages.nth(i);
        if ((await message.innerText()).includes(text)) return message;
      }
      if (Date.now() > deadline) {
        const seen = await Promise.all(
          Array.from({ length: count - this.mark }, (_, k) => messages.nth(this.mark + k).innerText()),
        );
        throw new Error(
          `No reply containing "${text}" within ${timeoutMs} ms. Replies since the action: ${JSON.stringify(seen)}`,
        );
      }
      await this.page.waitForTimeout(100);
    }
  }

  /** Any new bot message after the last action. */
  async waitForAnyReply(timeoutMs = 30_000): Promise<Locator> {
    const reply = this.botMessages().nth(this.mark);
    await reply.waitFor({ state: 'visible', timeout: timeoutMs });
    return reply;
  }

  /** Clicks the button titled `title` on the most recent card that has one. */
  async clickCardButton(title: string, within?: Locator): Promise<void> {
    const scope = within ?? this.page.locator('.ac-adaptiveCard');
    const button = scope.getByRole('button', { name: title, exact: true }).last();
    await button.waitFor({ state: 'visible' });
    this.mark = await this.botMessages().count();
    await button.click();
  }

  /**
   * Opens another conversation from the Playground's side bar ("Personal Chat", "Group Chat", "General",
   * "Announcements"). Replies are then looked for from the start of that conversation.
   */
  async openConversation(name: string): Promise<void> {
    await this.page.getByText(name, { exact: true }).first().click();
    // A channel has a composer for new posts and one per thread: any of them means the view is there.
    await this.page.locator(COMPOSER).first().waitFor({ state: 'visible' });
    this.mark = 0;
  }

  /**
   * Saves test/e2e/artifacts/<name>.png and returns its path. With `focus`, the chat is scrolled so that
   * message's top is in view first (the chat pane scrolls on its own, so a full-page shot would not show it).
   */
  async screenshot(name: string, focus?: Locator): Promise<string> {
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    if (focus) await focus.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const file = path.join(ARTIFACTS_DIR, `${name.replace(/[^A-Za-z0-9_-]+/g, '-')}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    return file;
  }

  async close(): Promise<void> {
    await this.context.close();
    fs.rmSync(this.profileDir, { recursive: true, force: true });
  }
}
