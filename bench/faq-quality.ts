import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  evaluate,
  EVAL_TARGETS,
  loadEvalSet,
  loadTopics,
  type EvalReport,
} from '../src/services/faq/faq-eval';
import { FaqService } from '../src/services/faq/faq-service';

const ROOT = join(__dirname, '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');

export interface FaqQuality {
  /** The tuning set (test/fixtures/faq-eval.yaml): the knowledge base is tuned on it. */
  report: EvalReport;
  /** The held-out set (faq-eval-heldout.yaml), never tuned on, when it is there. */
  heldout?: EvalReport;
  targets: typeof EVAL_TARGETS;
  /** The tuning set's in-scope staff questions, reused as the FAQ load. */
  questions: string[];
}

/** `npm run eval:faq`'s measurement (the same evaluate function) on both question sets. */
export async function faqQuality(): Promise<FaqQuality> {
  const faq = new FaqService({
    dir: join(ROOT, 'content', 'faq'),
    values: { organisationName: 'Example NHS Trust', helpdeskEmail: 'helpdesk@example.org' },
  });
  faq.reload();
  const set = await loadEvalSet(join(FIXTURES, 'faq-eval.yaml'));
  const heldoutFile = join(FIXTURES, 'faq-eval-heldout.yaml');
  const topicsFile = join(FIXTURES, 'faq-eval-heldout-topics.yaml');
  const heldout = existsSync(heldoutFile)
    ? evaluate(
        faq,
        await loadEvalSet(heldoutFile),
        existsSync(topicsFile) ? await loadTopics(topicsFile) : {},
      )
    : undefined;
  return {
    report: evaluate(faq, set),
    ...(heldout ? { heldout } : {}),
    targets: EVAL_TARGETS,
    questions: set.inScope.filter((q) => (q.as ?? 'staff') === 'staff').map((q) => q.q),
  };
}
