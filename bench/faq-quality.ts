import { join } from 'node:path';
import { evaluate, EVAL_TARGETS, loadEvalSet, type EvalReport } from '../src/services/faq/faq-eval';
import { FaqService } from '../src/services/faq/faq-service';

const ROOT = join(__dirname, '..');

export interface FaqQuality {
  report: EvalReport;
  targets: typeof EVAL_TARGETS;
  /** The eval set's in-scope questions, reused as the FAQ load. */
  questions: string[];
}

/** `npm run eval:faq`'s measurement (the same evaluate function) on test/fixtures/faq-eval.yaml. */
export async function faqQuality(): Promise<FaqQuality> {
  const faq = new FaqService({
    dir: join(ROOT, 'content', 'faq'),
    values: { organisationName: 'Example NHS Trust', helpdeskEmail: 'helpdesk@example.org' },
  });
  faq.reload();
  const set = await loadEvalSet(join(ROOT, 'test', 'fixtures', 'faq-eval.yaml'));
  return {
    report: evaluate(faq, set),
    targets: EVAL_TARGETS,
    questions: set.inScope.filter((q) => (q.as ?? 'staff') === 'staff').map((q) => q.q),
  };
}
