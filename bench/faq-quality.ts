import { LABELLED_QUESTIONS_FILE } from '../src/services/faq/labelled-questions';
import { join } from 'node:path';
import {
  evaluate,
  EVAL_TARGETS,
  loadEvalSet,
  loadHeldOutSets,
  type EvalReport,
} from '../src/services/faq/faq-eval';
import { FaqService } from '../src/services/faq/faq-service';

const ROOT = join(__dirname, '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');

export interface FaqQuality {
  /** The tuning set (content/faq/questions.yaml): the knowledge base is tuned on it. */
  report: EvalReport;
  /** The newest held-out set (HELD_OUT_SETS in faq-eval.ts), when one is there, and its name. */
  heldout?: EvalReport;
  heldoutName?: string;
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
  const set = await loadEvalSet(join(ROOT, 'content', 'faq', LABELLED_QUESTIONS_FILE));
  // The newest held-out set: the latest measurement of questions written apart from the knowledge base (an
  // older one has been tuned on since, so its figure flatters).
  const newest = (await loadHeldOutSets(FIXTURES)).at(-1);
  const heldout = newest ? evaluate(faq, newest.set, newest.topics) : undefined;
  return {
    report: evaluate(faq, set),
    ...(heldout && newest ? { heldout, heldoutName: newest.name.toLowerCase() } : {}),
    targets: EVAL_TARGETS,
    questions: set.inScope.filter((q) => (q.as ?? 'staff') === 'staff').map((q) => q.q),
  };
}
