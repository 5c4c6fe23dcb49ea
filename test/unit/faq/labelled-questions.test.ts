import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaqService } from '../../../src/services/faq/faq-service';

const CONTENT = join(__dirname, '..', '..', '..', 'content', 'faq');
const values = { organisationName: 'Example NHS Trust', helpdeskEmail: 'helpdesk@example.org' };

function firstOffer(faq: FaqService, q: string, leaveOut = false): string | undefined {
  const a = faq.answer(q, { audience: 'staff', leaveOut });
  return a.kind === 'answer' ? a.entry.id : a.kind === 'suggestions' ? a.entries[0]?.id : undefined;
}

/**
 * The knowledge base learns from labelled questions (content/faq/questions.yaml): a new question shaped like
 * one that people asked for an entry finds that entry, even when it shares few words with the entry itself.
 */
describe('labelled questions (content/faq/questions.yaml)', () => {
  let dir: string;
  let faq: FaqService;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faq-labelled-'));
    for (const id of ['lost-phone', 'new-phone', 'what-is-mfa', 'which-devices'])
      await cp(join(CONTENT, `${id}.md`), join(dir, `${id}.md`));
    faq = new FaqService({ dir, values });
  });
  afterEach(async () => {
    faq.close();
    await rm(dir, { recursive: true, force: true });
  });

  const question = 'the dog chewed my handset to bits';

  it('when people asked a question in words of their own and it was labelled, then a question shaped like it finds that entry', async () => {
    faq.reload();
    const before = firstOffer(faq, 'the dog chewed my handset');
    await writeFile(
      join(dir, 'questions.yaml'),
      `inScope:\n  - { q: '${question}', expect: lost-phone }\noutOfScope:\n  - 'what is for lunch'\n`,
    );
    const report = faq.reload();
    expect(report.problems).toEqual([]);
    expect(before).not.toBe('lost-phone');
    expect(firstOffer(faq, 'the dog chewed my handset')).toBe('lost-phone');
  });

  it('when the evaluation asks a labelled question leave-one-out, then its own label is not used', async () => {
    await writeFile(
      join(dir, 'questions.yaml'),
      `inScope:\n  - { q: '${question}', expect: lost-phone }\noutOfScope:\n  - 'what is for lunch'\n`,
    );
    faq.reload();
    expect(firstOffer(faq, question)).toBe('lost-phone');
    expect(firstOffer(faq, question, true)).not.toBe('lost-phone');
  });

  it('when a question is more like a labelled out-of-scope question than like any way of asking for an entry, then it is refused, and questions about the entries are still answered', async () => {
    const nearMiss = 'the whatsapp code is not arriving on my new phone';
    faq.reload();
    const before = firstOffer(faq, nearMiss);
    await writeFile(
      join(dir, 'questions.yaml'),
      `inScope:\n  - { q: '${question}', expect: lost-phone }\noutOfScope:\n  - 'my whatsapp verification code isnt arriving'\n`,
    );
    faq.reload();
    expect(before).toBe('new-phone');
    expect(firstOffer(faq, nearMiss)).toBeUndefined();
    expect(firstOffer(faq, 'I have got a new phone, what do I do about MFA')).toBe('new-phone');
    // Leave-one-out: the refused question itself, asked again, is judged without its own label.
    expect(firstOffer(faq, 'my whatsapp verification code isnt arriving', true)).toBe(before);
  });

  it('when a question uses a word only labelled out-of-scope questions use, then it is refused unless an entry is very like it', async () => {
    const labelled = 'healthroster code not arriving on my phone';
    const nearMiss = 'set up healthroster on my new phone';
    await writeFile(
      join(dir, 'questions.yaml'),
      `inScope:\n  - { q: '${question}', expect: lost-phone }\noutOfScope:\n  - '${labelled}'\n`,
    );
    faq.reload();
    const withoutTheRule = new FaqService({ dir, values, thresholds: { refusedWordLikeness: 0 } });
    withoutTheRule.reload();
    try {
      expect(firstOffer(withoutTheRule, nearMiss)).toBe('new-phone');
      expect(firstOffer(faq, nearMiss)).toBeUndefined();
      expect(firstOffer(faq, 'I have got a new phone, what do I do about MFA')).toBe('new-phone');
      // Leave-one-out: the labelled question is judged as if never labelled, its own words included.
      expect(firstOffer(withoutTheRule, labelled, true)).toBeDefined();
      expect(firstOffer(faq, labelled, true)).toBe(firstOffer(withoutTheRule, labelled, true));
    } finally {
      withoutTheRule.close();
    }
  });

  it('when the questions file is invalid or names an entry that does not exist, then reload says so and the entries still answer', async () => {
    await writeFile(
      join(dir, 'questions.yaml'),
      `inScope:\n  - { q: 'lost it', expect: no-such-entry }\noutOfScope:\n  - 'x'\n`,
    );
    expect(faq.reload().problems).toEqual([
      { file: 'questions.yaml', reason: expect.stringContaining('no-such-entry') as string },
    ]);
    await writeFile(join(dir, 'questions.yaml'), `inScope: nope\n`);
    const report = faq.reload();
    expect(report.loaded).toBe(4);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]?.file).toBe('questions.yaml');
    expect(firstOffer(faq, 'I lost my phone')).toBe('lost-phone');
  });
});
