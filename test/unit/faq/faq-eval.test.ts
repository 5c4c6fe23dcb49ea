import { LABELLED_QUESTIONS_FILE } from '../../../src/services/faq/labelled-questions';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EVAL_TARGETS,
  evaluate,
  expectedEntry,
  HELD_OUT_SETS,
  heldOutHeading,
  loadEvalSet,
  loadHeldOutSets,
  loadTopics,
  unresolved,
} from '../../../src/services/faq/faq-eval';
import { FaqService } from '../../../src/services/faq/faq-service';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');

function knowledgeBase(): FaqService {
  const faq = new FaqService({
    dir: join(ROOT, 'content', 'faq'),
    values: { helpdeskEmail: 'h@example.org' },
  });
  faq.reload();
  return faq;
}

describe('FAQ measured quality', () => {
  it('when the tuning set is run, then top-1 and out-of-scope refusal stay at or above their targets', async () => {
    const faq = knowledgeBase();
    const set = await loadEvalSet(join(ROOT, 'content', 'faq', LABELLED_QUESTIONS_FILE));
    expect(set.inScope.length).toBeGreaterThanOrEqual(200);
    expect(set.outOfScope.length).toBeGreaterThanOrEqual(40);
    expect(unresolved(set, faq)).toEqual([]);

    const r = evaluate(faq, set);

    expect(r.top1).toBeGreaterThanOrEqual(EVAL_TARGETS.top1);
    expect(r.top3).toBeGreaterThanOrEqual(r.top1);
    expect(r.rejection).toBeGreaterThanOrEqual(EVAL_TARGETS.rejection);
  });

  it('when the held-out set is loaded, then every expected entry and topic names an entry (its score is not tested)', async () => {
    const heldout = join(FIXTURES, 'faq-eval-heldout.yaml');
    expect(existsSync(heldout)).toBe(true);
    const set = await loadEvalSet(heldout);
    const topics = await loadTopics(join(FIXTURES, 'faq-eval-heldout-topics.yaml'));
    expect(set.inScope.length).toBeGreaterThanOrEqual(60);
    expect(set.outOfScope.length).toBeGreaterThan(0);
    expect(unresolved(set, knowledgeBase(), topics)).toEqual([]);
  });

  it('when a second held-out set and its topics are in the fixtures folder, then both sets load apart, each with its own topics', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'faq-heldout-'));
    try {
      const [first, second] = HELD_OUT_SETS;
      await writeFile(
        join(dir, first.file),
        "inScope: [{ q: 'lost phone', expect: lost-phone }]\noutOfScope: ['lunch']\n",
      );
      await writeFile(
        join(dir, second.file),
        "inScope: [{ q: 'nicked', expect: 'topic:stolen' }]\noutOfScope: ['pizza']\n",
      );
      await writeFile(join(dir, second.topicsFile), 'stolen: lost-phone\n');

      const sets = await loadHeldOutSets(dir);

      expect(sets.map((s) => [s.file, s.set.inScope.length, s.topics])).toEqual([
        ['faq-eval-heldout.yaml', 1, {}],
        ['faq-eval-heldout-2.yaml', 1, { stolen: 'lost-phone' }],
      ]);
      expect(unresolved(sets[1].set, knowledgeBase(), sets[1].topics)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('when only the first held-out set is there, then the second is simply absent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'faq-heldout-'));
    try {
      await writeFile(
        join(dir, HELD_OUT_SETS[0].file),
        "inScope: [{ q: 'a', expect: lost-phone }]\noutOfScope: ['b']\n",
      );
      expect((await loadHeldOutSets(dir)).map((s) => s.name)).toEqual(['Held-out set 1']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('when a third held-out set and its topics are there, then it loads after the first two with its own topics, under its own heading (marked spent once it has been run)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'faq-heldout-'));
    try {
      const [first, second, third] = HELD_OUT_SETS;
      for (const f of [first, second])
        await writeFile(
          join(dir, f.file),
          "inScope: [{ q: 'lost phone', expect: lost-phone }]\noutOfScope: ['x']\n",
        );
      await writeFile(
        join(dir, third.file),
        "inScope: [{ q: 'phone nicked', expect: 'topic:theft' }]\noutOfScope: ['pizza']\n",
      );
      await writeFile(join(dir, third.topicsFile), 'theft: lost-phone\n');

      const sets = await loadHeldOutSets(dir);

      expect(sets.map((s) => [s.name, s.file, s.topics])).toEqual([
        ['Held-out set 1', 'faq-eval-heldout.yaml', {}],
        ['Held-out set 2', 'faq-eval-heldout-2.yaml', {}],
        ['Held-out set 3', 'faq-eval-heldout-3.yaml', { theft: 'lost-phone' }],
      ]);
      expect(sets.map((s) => heldOutHeading(s))).toEqual([
        expect.stringMatching(/^Held-out set 1 \(test\/fixtures\/faq-eval-heldout\.yaml; SPENT/),
        expect.stringMatching(/^Held-out set 2 \(test\/fixtures\/faq-eval-heldout-2\.yaml; SPENT/),
        expect.stringMatching(/^Held-out set 3 \(test\/fixtures\/faq-eval-heldout-3\.yaml; SPENT/),
      ]);
      expect(evaluate(knowledgeBase(), sets[2].set, sets[2].topics).inScope).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('when an expectation is a topic, then it resolves through the topics mapping, and an unmapped one to nothing', () => {
    const topics = { 'bulk-limit': 'admin-bulk-limit' };
    expect(expectedEntry('topic:bulk-limit', topics)).toBe('admin-bulk-limit');
    expect(expectedEntry('topic:unknown', topics)).toBeUndefined();
    expect(expectedEntry('lost-phone', topics)).toBe('lost-phone');
  });

  it('when a question set names a missing entry or an unmapped topic, then both are listed as unresolved', () => {
    const set = {
      inScope: [
        { q: 'a', expect: 'no-such-entry' },
        { q: 'b', expect: 'topic:nowhere' },
        { q: 'c', expect: 'lost-phone' },
      ],
      outOfScope: ['x'],
    };
    expect(unresolved(set, knowledgeBase(), {})).toEqual(['no-such-entry', 'topic:nowhere']);
  });
});
