import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import type { FaqAudience } from './faq-entry';
import type { FaqService } from './faq-service';

const questionSetSchema = z.object({
  inScope: z
    .array(
      z.object({
        q: z.string().min(1),
        expect: z.string().min(1),
        as: z.enum(['staff', 'admin']).optional(),
      }),
    )
    .min(1),
  outOfScope: z.array(z.string().min(1)).min(1),
});
export const evalSetSchema = questionSetSchema.extend({ holdout: questionSetSchema.optional() });
export type EvalSet = z.infer<typeof questionSetSchema>;
export type EvalFile = z.infer<typeof evalSetSchema>;

export interface EvalMiss {
  question: string;
  expected: string;
  got: string;
}

export interface EvalReport {
  inScope: number;
  outOfScope: number;
  /** The bot's first offer (the answer, or the first suggestion) is the expected entry. */
  top1: number;
  /** The expected entry is among what the bot offered (answer or up to 3 suggestions). */
  top3: number;
  /** Share of in-scope questions answered outright (no "did you mean"). */
  confidentRate: number;
  /** Share of confident answers that were the wrong entry. */
  confidentWrong: number;
  /** Share of out-of-scope questions that got "I don't know" (no answer, no suggestions). */
  rejection: number;
  misses: EvalMiss[];
  falseAccepts: EvalMiss[];
}

export async function loadEvalSet(file: string): Promise<EvalFile> {
  return evalSetSchema.parse(parse(await readFile(file, 'utf8')));
}

/** Runs every question through `FaqService.answer`, exactly as the bot would. */
export function evaluate(faq: FaqService, set: EvalSet): EvalReport {
  let top1 = 0;
  let top3 = 0;
  let confident = 0;
  let confidentWrong = 0;
  const misses: EvalMiss[] = [];
  for (const item of set.inScope) {
    const audience: FaqAudience = item.as ?? 'staff';
    const a = faq.answer(item.q, { audience });
    const offered =
      a.kind === 'answer' ? [a.entry.id] : a.kind === 'suggestions' ? a.entries.map((e) => e.id) : [];
    if (offered[0] === item.expect) top1 += 1;
    if (offered.includes(item.expect)) top3 += 1;
    if (a.kind === 'answer') {
      confident += 1;
      if (a.entry.id !== item.expect) confidentWrong += 1;
    }
    if (offered[0] !== item.expect) {
      misses.push({
        question: item.q,
        expected: item.expect,
        got: `${a.kind}: ${offered.join(', ') || '-'}`,
      });
    }
  }
  const falseAccepts: EvalMiss[] = [];
  for (const q of set.outOfScope) {
    const a = faq.answer(q, { audience: 'admin' });
    if (a.kind !== 'none') {
      const got = a.kind === 'answer' ? a.entry.id : a.entries.map((e) => e.id).join(', ');
      falseAccepts.push({ question: q, expected: 'none', got: `${a.kind}: ${got}` });
    }
  }
  const n = set.inScope.length;
  return {
    inScope: n,
    outOfScope: set.outOfScope.length,
    top1: top1 / n,
    top3: top3 / n,
    confidentRate: confident / n,
    confidentWrong: confident > 0 ? confidentWrong / confident : 0,
    rejection: (set.outOfScope.length - falseAccepts.length) / set.outOfScope.length,
    misses,
    falseAccepts,
  };
}

export const EVAL_TARGETS = { top1: 0.9, rejection: 0.8 } as const;
