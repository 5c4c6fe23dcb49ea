import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { ROLES } from '../../domain/staff';

/** Who asks: a role of the directory, or 'admin' for any administrator. Default: staff. */
export const askerSchema = z.enum([...ROLES, 'admin']);
export type Asker = z.infer<typeof askerSchema>;

export const TOPIC_PREFIX = 'topic:';

export const questionSchema = z.object({
  q: z.string().min(1),
  /**
   * An entry id, or `topic:<slug>` with the fact in `fact` (resolved through a topics file); a list when
   * two entries are equally right.
   */
  expect: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  fact: z.string().optional(),
  /** The view asked with (admin or staff); defaults to the role's. */
  as: askerSchema.optional(),
  /** Who asks, for the by-role figures; defaults to `as`. */
  role: askerSchema.optional(),
});
export type EvalQuestion = z.infer<typeof questionSchema>;

const outOfScopeSchema = z.union([
  z.string().min(1),
  z.object({ q: z.string().min(1), as: askerSchema.optional() }),
]);

/** A question set: questions labelled with the entry that answers them, and questions to refuse. */
export const evalSetSchema = z.object({
  inScope: z.array(questionSchema).min(1),
  outOfScope: z.array(outOfScopeSchema).min(1),
});
export type EvalSet = z.infer<typeof evalSetSchema>;

/** One labelled question the bot learns from: a way people asked for `id`. */
export interface LabelledQuestion {
  q: string;
  id: string;
}

/** The knowledge base's labelled questions: `questions.yaml` beside the entries (content/faq/questions.yaml). */
export const LABELLED_QUESTIONS_FILE = 'questions.yaml';

/**
 * Reads the labelled questions (the tuning set: what people asked and which entry answers it). Each in-scope
 * question becomes an example for every entry it names; `topic:` labels (held-out bookkeeping) are skipped.
 * Each out-of-scope question becomes an example of what to refuse.
 * A missing file gives none; an invalid one gives none and the reason.
 */
export function loadLabelledQuestions(file: string): {
  questions: LabelledQuestion[];
  /** The labelled out-of-scope questions: what people asked that the bot must not answer. */
  refusals: string[];
  problem?: string;
} {
  if (!existsSync(file)) return { questions: [], refusals: [] };
  let set: EvalSet;
  try {
    set = evalSetSchema.parse(parse(readFileSync(file, 'utf8')));
  } catch (e) {
    const reason =
      e instanceof z.ZodError
        ? e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
        : (e as Error).message;
    return { questions: [], refusals: [], problem: reason.split('\n')[0] ?? reason };
  }
  const questions = set.inScope.flatMap((item) =>
    (typeof item.expect === 'string' ? [item.expect] : item.expect)
      .filter((id) => !id.startsWith(TOPIC_PREFIX))
      .map((id) => ({ q: item.q, id })),
  );
  const refusals = set.outOfScope.map((item) => (typeof item === 'string' ? item : item.q));
  return { questions, refusals };
}
