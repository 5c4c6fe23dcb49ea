import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CardRenderer, CardTemplateError } from '../../../src/cards/render';
import { findProjectRoot } from '../../../src/project-paths';

const template = {
  type: 'AdaptiveCard',
  version: '1.5',
  speak: 'Hello ${firstName}',
  body: [
    { type: 'TextBlock', text: 'Hello ${firstName}' },
    { type: 'TextBlock', $when: '${deadline != null}', text: 'Deadline: ${deadline}' },
    { type: 'TextBlock', $data: '${steps}', text: '${title}' },
  ],
};

function rendererWith(cards: Record<string, unknown>): { renderer: CardRenderer; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cards-'));
  for (const [name, json] of Object.entries(cards))
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(json));
  return { renderer: new CardRenderer(() => dir), dir };
}

describe('card renderer', () => {
  it('when given data, then fields, conditions and repeated items are filled in', () => {
    const { renderer } = rendererWith({ greeting: template });
    const card = renderer.renderJson('greeting', {
      firstName: 'Asha',
      steps: [{ title: 'One' }, { title: 'Two' }],
    });
    expect(card.speak).toBe('Hello Asha');
    expect(card.body).toEqual([
      { type: 'TextBlock', text: 'Hello Asha' },
      { type: 'TextBlock', text: 'One' },
      { type: 'TextBlock', text: 'Two' },
    ]);
  });

  it('when an optional block has its data, then it is shown', () => {
    const { renderer } = rendererWith({ greeting: template });
    const card = renderer.renderJson('greeting', { firstName: 'Asha', deadline: '1 December', steps: [] });
    expect(JSON.stringify(card)).toContain('Deadline: 1 December');
  });

  it('when a field is missing, then it renders empty rather than as a ${} placeholder', () => {
    const { renderer } = rendererWith({ greeting: template });
    const card = renderer.renderJson('greeting', { steps: [] });
    expect(JSON.stringify(card)).not.toContain('${');
    expect(card.speak).toBe('Hello ');
  });

  it('when a field is missing in strict mode, then the error names it', () => {
    const { renderer } = rendererWith({ greeting: template });
    expect(() => renderer.renderJson('greeting', { steps: [] }, { strict: true })).toThrow(/firstName/);
  });

  it('when rendered as an attachment, then it has the adaptive card content type', () => {
    const { renderer } = rendererWith({ greeting: template });
    const attachment = renderer.render('greeting', { firstName: 'Asha', steps: [] });
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect((attachment.content as { speak: string }).speak).toBe('Hello Asha');
  });

  it('when a template is rendered twice, then the file is read once (cached)', () => {
    const { renderer, dir } = rendererWith({ greeting: template });
    renderer.renderJson('greeting', { firstName: 'A', steps: [] });
    writeFileSync(join(dir, 'greeting.json'), JSON.stringify({ ...template, speak: 'changed' }));
    expect(renderer.renderJson('greeting', { firstName: 'A', steps: [] }).speak).toBe('Hello A');
    renderer.clearCache();
    expect(renderer.renderJson('greeting', { firstName: 'A', steps: [] }).speak).toBe('changed');
  });

  it('when a reusable card is rendered again with the same data, then it is a fresh copy of the same card; other data gives its own card', () => {
    const { renderer } = rendererWith({ greeting: template });
    const data = { firstName: 'Asha', steps: [{ title: 'One' }] };
    const first = renderer.renderJson('greeting', data, { reuse: true });
    expect(first).toEqual(renderer.renderJson('greeting', data));
    (first.body as { text: string }[])[0].text = 'changed by the sender';
    const second = renderer.renderJson('greeting', data, { reuse: true });
    expect(second).toEqual(renderer.renderJson('greeting', data));
    expect(second).not.toBe(first);
    expect(renderer.renderJson('greeting', { firstName: 'Ben', steps: [] }, { reuse: true }).speak).toBe(
      'Hello Ben',
    );
  });

  it('when rendering twice with different data, then the results do not leak into each other', () => {
    const { renderer } = rendererWith({ greeting: template });
    const a = renderer.renderJson('greeting', { firstName: 'A', steps: [] });
    const b = renderer.renderJson('greeting', { firstName: 'B', steps: [] });
    expect([a.speak, b.speak]).toEqual(['Hello A', 'Hello B']);
  });

  it.each(['../package', 'Help', 'a/b', ''])('when the template name is %p, then it is refused', (name) => {
    const { renderer } = rendererWith({});
    expect(() => renderer.renderJson(name, {})).toThrow(CardTemplateError);
  });

  it('when the template does not exist, then the error names it', () => {
    const { renderer } = rendererWith({});
    expect(() => renderer.renderJson('nope', {})).toThrow('cards/nope.json');
  });
});

describe('project root', () => {
  it('when started from a nested folder (as dist/src/cards would be), then the folder with package.json and cards/ is found', () => {
    const root = mkdtempSync(join(tmpdir(), 'root-'));
    mkdirSync(join(root, 'cards'));
    writeFileSync(join(root, 'package.json'), '{}');
    const nested = join(root, 'dist', 'src', 'cards');
    mkdirSync(nested, { recursive: true });
    expect(findProjectRoot(nested)).toBe(root);
  });

  it('when no ancestor has cards/, then it says so', () => {
    const lonely = mkdtempSync(join(tmpdir(), 'lonely-'));
    expect(() => findProjectRoot(lonely)).toThrow(/project root/);
  });
});
