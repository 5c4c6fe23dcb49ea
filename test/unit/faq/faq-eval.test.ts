import { join } from 'node:path';
import { EVAL_TARGETS, evaluate, loadEvalSet } from '../../../src/services/faq/faq-eval';
import { FaqService } from '../../../src/services/faq/faq-service';

const ROOT = join(__dirname, '..', '..', '..');

describe('FAQ measured quality (test/fixtures/faq-eval.yaml)', () => {
  it('when the evaluation set is run, then top-1 and out-of-scope rejection stay at or above their targets', async () => {
    const faq = new FaqService({
      dir: join(ROOT, 'content', 'faq'),
      values: { helpdeskEmail: 'h@example.org' },
    });
    faq.reload();
    const set = await loadEvalSet(join(ROOT, 'test', 'fixtures', 'faq-eval.yaml'));
    expect(set.inScope.length).toBeGreaterThanOrEqual(80);
    expect(set.outOfScope.length).toBeGreaterThanOrEqual(20);
    for (const item of set.inScope) expect(faq.entry(item.expect, 'admin')?.id).toBe(item.expect);

    const r = evaluate(faq, set);

    expect(r.top1).toBeGreaterThanOrEqual(EVAL_TARGETS.top1);
    expect(r.top3).toBeGreaterThanOrEqual(r.top1);
    expect(r.rejection).toBeGreaterThanOrEqual(EVAL_TARGETS.rejection);
  });
});
