/**
 * `npm run gallery`: renders every card in cards/ with its sample data (cards/samples/<name>.json) in
 * Chromium, using the adaptivecards HTML renderer and a Teams-like light theme, and writes
 * docs/gallery/<name>.png plus docs/gallery.md. Needs a Chromium binary (CHROMIUM_PATH or /usr/bin/chromium).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { chromium } from 'playwright-core';
import { cardsDir, projectRoot } from '../src/project-paths';
import { renderCardJson } from '../src/cards/render';

interface Entry {
  name: string;
  card: Record<string, unknown>;
}

function samples(): Entry[] {
  const dir = cardsDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && existsSync(join(dir, 'samples', f)))
    .sort()
    .map((f) => {
      const name = basename(f, '.json');
      const data = JSON.parse(readFileSync(join(dir, 'samples', f), 'utf8')) as object;
      return { name, card: renderCardJson(name, data, { strict: true }) };
    });
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; padding: 16px; background: #f5f5f5; font-family: 'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif; }
  .card { width: 520px; background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.2); overflow: hidden; }
  .ac-pushButton { border: 1px solid #c7c7c7; border-radius: 4px; background: #fff; padding: 6px 12px; font: inherit; color: #242424; }
  .ac-pushButton.style-positive { background: #5b5fc7; color: #fff; border-color: #5b5fc7; }
  input, select, textarea { font: inherit; padding: 4px; border: 1px solid #c7c7c7; border-radius: 4px; }
</style></head><body><div id="card" class="card"></div></body></html>`;

function pageScript(): string {
  // Teams renders a markdown subset; bold, italics, links and line breaks are enough for a faithful picture.
  return `AdaptiveCards.AdaptiveCard.onProcessMarkdown = function (text, result) {
    var esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    esc = esc.replace(/\\*\\*(.+?)\\*\\*/g, '<strong>$1</strong>').replace(/_(.+?)_/g, '<em>$1</em>')
      .replace(/\\[(.+?)\\]\\((.+?)\\)/g, '<a href="$2">$1</a>').replace(/\\n/g, '<br>');
    result.outputHtml = '<p style="margin:0">' + esc + '</p>';
    result.didProcess = true;
  };
  function showCard(json) {
    var host = document.getElementById('card');
    host.innerHTML = '';
    var card = new AdaptiveCards.AdaptiveCard();
    card.parse(json);
    var element = card.render();
    if (element) host.appendChild(element);
  }`;
}

function galleryMarkdown(names: string[]): string {
  const rows = names.map(
    (n) =>
      `## ${n}\n\n![${n} card](gallery/${n}.png)\n\nTemplate: \`cards/${n}.json\`, sample data: \`cards/samples/${n}.json\`.\n`,
  );
  return [
    '# Card gallery',
    '',
    'Every Adaptive Card the bot sends, filled with its sample data and drawn by the `adaptivecards` HTML renderer',
    'in Chromium with a Teams-like light theme. Regenerate with `npm run gallery` after changing a card.',
    'Teams draws cards with its own styles, so spacing and fonts differ a little; the content and layout are the same.',
    '',
    ...rows,
  ].join('\n');
}

async function main(): Promise<void> {
  const root = projectRoot();
  const outDir = join(root, 'docs', 'gallery');
  mkdirSync(outDir, { recursive: true });
  const executablePath = process.argv[2] ?? '/usr/bin/chromium';
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 580, height: 900 }, deviceScaleFactor: 1 });
    await page.setContent(PAGE);
    await page.addScriptTag({
      path: join(root, 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.min.js'),
    });
    await page.addScriptTag({ content: pageScript() });
    const entries = samples();
    for (const { name, card } of entries) {
      await page.evaluate(`showCard(${JSON.stringify(card)})`);
      await page.locator('#card').screenshot({ path: join(outDir, `${name}.png`) });
      console.log(`docs/gallery/${name}.png`);
    }
    writeFileSync(join(root, 'docs', 'gallery.md'), galleryMarkdown(entries.map((e) => e.name)));
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
