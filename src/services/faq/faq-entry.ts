import { z } from 'zod';
import type { Role } from '../../domain/staff';

export const FAQ_AUDIENCES = ['staff', 'admin'] as const;
export type FaqAudience = (typeof FAQ_AUDIENCES)[number];

/** Helpdesk members and admins get admin entries in full; staff get their short version. */
export function audienceForRole(role: Role): FaqAudience {
  return role === 'staff' ? 'staff' : 'admin';
}

/** The placeholders an answer may use; their values come from config at answer time. */
export const PLACEHOLDER_NAMES = ['organisationName', 'helpdeskEmail', 'deadline', 'learnMoreUrl'] as const;
export type PlaceholderName = (typeof PLACEHOLDER_NAMES)[number];
export type PlaceholderValues = Partial<Record<PlaceholderName, string>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*(?:\|[^}]*)?\}\}/g;

/** Front matter of one content/faq/*.md file, plus its Markdown body as `answer`. */
export const faqEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be kebab-case'),
    title: z.string().trim().min(5).max(160),
    phrasings: z.array(z.string().trim().min(2).max(200)).max(30).default([]),
    tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
    source: z.string().trim().min(1).max(200),
    audience: z.enum(FAQ_AUDIENCES).default('staff'),
    /** Admin entries: what staff who ask are told (the bot adds that their local admin can do this). */
    staffAnswer: z.string().trim().min(20).max(400).optional(),
    answer: z
      .string()
      .trim()
      .min(20, 'the answer body is empty or too short')
      .max(1500, 'the answer is too long'),
  })
  .superRefine((e, ctx) => {
    if (e.audience === 'admin' && e.staffAnswer === undefined)
      ctx.addIssue({ code: 'custom', path: ['staffAnswer'], message: 'an admin entry needs a staffAnswer' });
    const texts = [['answer', e.answer] as const, ['staffAnswer', e.staffAnswer ?? ''] as const];
    for (const [field, text] of texts) {
      for (const m of text.matchAll(PLACEHOLDER)) {
        const name = m[1];
        if (!(PLACEHOLDER_NAMES as readonly string[]).includes(name)) {
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: `unknown placeholder {{${name}}} (known: ${PLACEHOLDER_NAMES.join(', ')})`,
          });
        }
      }
    }
  });

export type FaqEntry = z.infer<typeof faqEntrySchema>;

/**
 * An entry as shown to a person: placeholders filled in. Shared between answers (FaqService fills each entry in
 * once per load): read it, never change it.
 */
export interface RenderedFaqEntry {
  readonly id: string;
  readonly title: string;
  readonly answer: string;
  readonly audience: FaqAudience;
  readonly tags: readonly string[];
  /** An admin entry shown to staff: its short answer, and that their local admin can do this. */
  readonly summaryForStaff?: boolean;
}

export type FaqAnswer =
  | { kind: 'answer'; entry: RenderedFaqEntry; confidence: number }
  | { kind: 'suggestions'; entries: RenderedFaqEntry[]; confidence: number }
  /** `noQuestion`: the text has nothing to search for once read (greetings, filler words: "hi", "ok thanks"). */
  | { kind: 'none'; noQuestion?: boolean };
