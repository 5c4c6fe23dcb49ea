import type { ConfidenceThresholds } from './confidence';
import { evaluate, type EvalSet } from './faq-eval';
import type { FaqService } from './faq-service';

export interface SweepRow {
  thresholds: Pick<ConfidenceThresholds, 'answer' | 'minCoverage'>;
  top1: number;
  confidentRate: number;
  confidentWrong: number;
  rejection: number;
}

const ANSWER = [0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7];
const COVERAGE = [0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65];

/**
 * The tuning set measured at each pair of thresholds: how the defaults in confidence.ts are chosen
 * (highest refusal and top-1, then fewest confident wrong answers). Tuning set only.
 */
export function sweepThresholds(
  serviceWith: (t: Partial<ConfidenceThresholds>) => FaqService,
  set: EvalSet,
): SweepRow[] {
  const rows: SweepRow[] = [];
  for (const minCoverage of COVERAGE) {
    for (const answer of ANSWER) {
      const faq = serviceWith({ answer, minCoverage });
      faq.reload();
      const r = evaluate(faq, set);
      rows.push({
        thresholds: { answer, minCoverage },
        top1: r.top1,
        confidentRate: r.confidentRate,
        confidentWrong: r.confidentWrong,
        rejection: r.rejection,
      });
    }
  }
  return rows;
}
