import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFaqDirectory, parseFaqFile } from '../../../src/services/faq/faq-loader';

const valid = (id: string, extra = ''): string =>
  `---\nid: ${id}\ntitle: A valid entry about ${id}\nphrasings: [Another way to ask]\ntags: [x]\nsource: seed.txt\naudience: staff\n${extra}---\nThis is a short answer that is long enough to pass.\n`;

describe('FAQ loader', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faq-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('when some files are invalid, then each is reported with its file and reason and the rest still load', async () => {
    await writeFile(join(dir, 'a.md'), valid('good-one'));
    await writeFile(join(dir, 'b.md'), valid('Bad Id'));
    await writeFile(join(dir, 'c.md'), '---\nid: [unclosed\n---\nbody');
    await writeFile(join(dir, 'd.md'), valid('good-two').replace('audience: staff', 'audience: everyone'));
    await writeFile(join(dir, 'e.md'), valid('good-one'));
    await writeFile(join(dir, 'f.md'), valid('good-three'));
    await writeFile(join(dir, 'notes.txt'), 'not an entry');

    const { entries, problems } = loadFaqDirectory(dir);

    expect(entries.map((e) => e.id)).toEqual(['good-one', 'good-three']);
    expect(problems.map((p) => p.file)).toEqual(['b.md', 'c.md', 'd.md', 'e.md']);
    expect(problems[0].reason).toMatch(/kebab-case/);
    expect(problems[1].reason).toMatch(/YAML/);
    expect(problems[2].reason).toMatch(/audience/);
    expect(problems[3].reason).toMatch(/duplicate id "good-one"/);
  });

  it('when an answer uses an unknown placeholder, then the entry is refused and the placeholder named', () => {
    const out = parseFaqFile('x.md', valid('x').replace('This is', 'Ask {{managerName}}. This is'));
    expect('problem' in out && out.problem.reason).toMatch(/\{\{managerName\}\}/);
  });

  it('when an admin entry has no short answer for staff, then it is refused; with one, it loads', () => {
    const admin = valid('admin-x').replace('audience: staff', 'audience: admin');
    const refused = parseFaqFile('x.md', admin);
    expect('problem' in refused && refused.problem.reason).toMatch(/staffAnswer/);
    const loaded = parseFaqFile(
      'x.md',
      admin.replace(
        'audience: admin',
        'audience: admin\nstaffAnswer: An administrator can do this one for you.',
      ),
    );
    expect('entry' in loaded && loaded.entry.staffAnswer).toBe('An administrator can do this one for you.');
  });

  it('when the body is missing, then the entry is refused', () => {
    const out = parseFaqFile('x.md', valid('x').replace(/---\nThis is.*\n$/s, '---\n'));
    expect('problem' in out && out.problem.reason).toMatch(/answer/);
  });

  it('when the real knowledge base loads, then it has at least 30 valid entries and no problems', async () => {
    const { entries, problems } = loadFaqDirectory(join(__dirname, '..', '..', '..', 'content', 'faq'));
    expect(problems).toEqual([]);
    expect(entries.length).toBeGreaterThanOrEqual(30);
    for (const e of entries) {
      const sentences = e.answer.split(/(?<=[.!?])\s+/).length;
      expect({ id: e.id, ok: sentences >= 1 && sentences <= 5 }).toEqual({ id: e.id, ok: true });
    }
  });
});
