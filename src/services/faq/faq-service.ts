import { type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';
import type { FaqAnswer, FaqAudience, FaqEntry, PlaceholderValues, RenderedFaqEntry } from './faq-entry';
import { type ConfidenceThresholds, DEFAULT_THRESHOLDS, decide } from './confidence';
import { FaqIndex } from './faq-index';
import { type FaqLoadProblem, loadFaqDirectory } from './faq-loader';
import { LABELLED_QUESTIONS_FILE, loadLabelledQuestions } from './labelled-questions';
import { fillPlaceholders } from './placeholders';
import { faq as text } from '../../strings';
import { OUT_OF_SCOPE } from './synonyms';

/** What the service logs (pino's logger fits). */
export interface FaqLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface FaqServiceOptions {
  /** Folder holding one Markdown file per entry (content/faq). */
  dir: string;
  /** Organisation-specific values for {{placeholders}} (see faq-settings.ts). */
  values: PlaceholderValues;
  logger?: FaqLogger;
  thresholds?: Partial<ConfidenceThresholds>;
}

export interface FaqReloadReport {
  loaded: number;
  problems: FaqLoadProblem[];
}

export interface AnswerOptions {
  /** Staff get admin entries as a short answer plus "your local admin can do this". Default 'staff'. */
  audience?: FaqAudience;
  /**
   * Evaluation only: the question's own copy among the labelled questions (questions.yaml) is not matched,
   * so the tuning set is measured leave-one-out, as questions the bot has never seen.
   */
  leaveOut?: boolean;
}

/**
 * Answers questions from the knowledge base. Call `reload()` once before use (synchronous); the enrolment dialog
 * calls `answer()` mid-flow, the FAQ feature for free text. Never invents: below the confidence
 * thresholds it offers suggestions, or says it has nothing.
 */
export class FaqService {
  private entriesById = new Map<string, FaqEntry>();
  /** Entries as each audience sees them, filled in once per load (every answer used to fill them again). */
  private rendered = new Map<string, RenderedFaqEntry>();
  private index = new FaqIndex([]);
  private watcher?: FSWatcher;
  private reloadTimer?: NodeJS.Timeout;
  private readonly thresholds: ConfidenceThresholds;

  constructor(private readonly options: FaqServiceOptions) {
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  }

  /** Re-reads the folder. Invalid entries are reported (file and reason) and skipped; the rest load. */
  reload(): FaqReloadReport {
    const { entries, problems } = loadFaqDirectory(this.options.dir);
    const labelled = loadLabelledQuestions(join(this.options.dir, LABELLED_QUESTIONS_FILE));
    if (labelled.problem) problems.push({ file: LABELLED_QUESTIONS_FILE, reason: labelled.problem });
    const ids = new Set(entries.map((e) => e.id));
    const strays = [...new Set(labelled.questions.filter((x) => !ids.has(x.id)).map((x) => x.id))];
    if (strays.length > 0)
      problems.push({
        file: LABELLED_QUESTIONS_FILE,
        reason: `questions labelled with no entry's id were left out: ${strays.join(', ')}`,
      });
    for (const p of problems)
      this.options.logger?.warn({ file: p.file, reason: p.reason }, 'invalid FAQ entry skipped');
    this.index = new FaqIndex(entries, labelled.questions, labelled.refusals);
    this.entriesById = new Map(entries.map((e) => [e.id, e]));
    this.rendered = new Map();
    this.options.logger?.info(
      { loaded: entries.length, questions: labelled.questions.length, invalid: problems.length },
      'FAQ loaded',
    );
    return { loaded: entries.length, problems };
  }

  get size(): number {
    return this.entriesById.size;
  }

  answer(question: string, options: AnswerOptions = {}): FaqAnswer {
    const audience = options.audience ?? 'staff';
    const found = this.index.query(question, audience, options.leaveOut);
    if (found.concepts === 0) return { kind: 'none', noQuestion: true };
    if (OUT_OF_SCOPE.some((p) => p.test(question))) return { kind: 'none' };
    const decision = decide(found, this.thresholds);
    switch (decision.kind) {
      case 'answer': {
        const entry = this.entry(decision.id, audience);
        return entry ? { kind: 'answer', entry, confidence: decision.confidence } : { kind: 'none' };
      }
      case 'suggestions': {
        const entries = decision.ids
          .map((id) => this.entry(id, audience))
          .filter((e): e is RenderedFaqEntry => e !== undefined);
        return entries.length > 0
          ? { kind: 'suggestions', entries, confidence: decision.confidence }
          : { kind: 'none' };
      }
      case 'none':
        return { kind: 'none' };
    }
  }

  /** Ranked entry ids with their coverage, for the evaluation tool. */
  rank(question: string, audience: FaqAudience = 'staff'): string[] {
    return this.index.query(question, audience).hits.map((h) => h.id);
  }

  /**
   * One entry with placeholders filled, as the audience sees it: admin entries in full for admins; for
   * staff, the entry's short staff answer and that their local admin can do this.
   */
  entry(id: string, audience: FaqAudience = 'staff'): RenderedFaqEntry | undefined {
    const key = `${audience}\u0000${id}`;
    const known = this.rendered.get(key);
    if (known) return known;
    const e = this.entriesById.get(id);
    if (!e) return undefined;
    const summaryForStaff = e.audience === 'admin' && audience === 'staff';
    const answer = summaryForStaff
      ? `${fillPlaceholders(e.staffAnswer ?? '', this.options.values)}\n\n${text.localAdminCanDoThis(this.options.values.helpdeskEmail)}`
      : fillPlaceholders(e.answer, this.options.values);
    const rendered = {
      id: e.id,
      title: e.title,
      answer,
      audience: e.audience,
      tags: e.tags,
      summaryForStaff,
    };
    this.rendered.set(key, rendered);
    return rendered;
  }

  /** Development: reload whenever a file in the folder changes (debounced). */
  watch(): void {
    if (this.watcher) return;
    this.watcher = watch(this.options.dir, () => {
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => {
        try {
          this.reload();
        } catch (e) {
          this.options.logger?.warn({ err: e }, 'FAQ reload after a file change failed');
        }
      }, 250);
      this.reloadTimer.unref();
    });
    // A development convenience: never what keeps the process alive at shutdown.
    this.watcher.unref();
  }

  close(): void {
    clearTimeout(this.reloadTimer);
    this.watcher?.close();
    this.watcher = undefined;
  }
}
