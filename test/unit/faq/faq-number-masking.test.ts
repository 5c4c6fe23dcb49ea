import fc from 'fast-check';
import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { DocumentFaqFeedbackRepository } from '../../../src/adapters/store/faq-feedback-repository';

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);

/** What the faqUnanswered and faqFeedback collections hold, as one text. */
async function storedAfter(
  write: (repo: DocumentFaqFeedbackRepository) => Promise<void>,
): Promise<{ text: string; docs: Record<string, unknown>[] }> {
  const store = new EmbeddedDocumentStore({ inMemory: true });
  const repo = new DocumentFaqFeedbackRepository(store);
  await write(repo);
  const docs = [
    ...(await store.collection<Record<string, unknown>>('faqUnanswered').find({})),
    ...(await store.collection<Record<string, unknown>>('faqFeedback').find({})),
  ];
  return { text: JSON.stringify(docs), docs };
}

/** Letters and digits only: a code survives in here if any of its digits stayed together in order. */
const lettersAndDigits = (s: string): string => s.replace(/[^\p{L}\p{Nd}]/gu, '');

const digit = fc.constantFrom(...'0123456789');
/** Up to three characters (code points) that are neither letters nor digits: spaces, dots, dashes, emoji... */
const separator = fc.string({ unit: 'binary', maxLength: 3 }).map((s) => s.replace(/[\p{L}\p{Nd}]/gu, ''));
/** 6 to 12 digits with any separators between them, as a person might type a code or a phone number. */
const typedNumber = fc.array(fc.tuple(digit, separator), { minLength: 6, maxLength: 12 }).map((parts) => ({
  digits: parts.map(([d]) => d).join(''),
  typed: parts.map(([d, sep], i) => (i === parts.length - 1 ? d : d + sep)).join(''),
}));
const words = fc.string({ unit: 'grapheme', maxLength: 60 });

describe('numbers in what the FAQ keeps', () => {
  it.each([
    ['my code is 482913', 'my code is [number]'],
    ['482 913', '[number]'],
    ['482.913 did not work', '[number] did not work'],
    ['call 07700.900.123', 'call [number]'],
    ['+44 (0)7700-900 123 please', '+[number] please'],
    ['room 12, floor 3', 'room 12, floor 3'],
  ])('when "%s" is asked and not answered, then "%s" is stored', async (asked, kept) => {
    const { docs } = await storedAfter((repo) => repo.recordUnanswered(asked, new Date()));
    expect(docs.map((d) => d.question)).toEqual([kept]);
  });

  it('when any run of 6 or more digits, with any separators, is typed inside any text, then neither the question nor its key keeps it (fuzzed)', async () => {
    await fc.assert(
      fc.asyncProperty(words, typedNumber, words, async (before, number, after) => {
        const asked = `${before} ${number.typed} ${after}`;
        const { docs } = await storedAfter((repo) => repo.recordUnanswered(asked, new Date()));
        for (const doc of docs) {
          expect(lettersAndDigits(String(doc.question))).not.toContain(number.digits);
          expect(lettersAndDigits(String(doc.key))).not.toContain(number.digits);
        }
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it('when a feedback comment holds a code or phone number, then it is not stored (fuzzed)', async () => {
    await fc.assert(
      fc.asyncProperty(words, typedNumber, async (before, number) => {
        const { text } = await storedAfter((repo) =>
          repo.record({
            entryId: 'deadline',
            helpful: false,
            by: 'u1',
            at: new Date(),
            comment: `${before} ${number.typed}`,
          }),
        );
        expect(lettersAndDigits(text)).not.toContain(number.digits);
      }),
      { numRuns: 150, seed: SEED },
    );
  });

  it('when a question holds no digits, then it is stored as typed (fuzzed)', async () => {
    const noDigits = words.map((s) => s.replace(/\p{Nd}/gu, '').trim()).filter((s) => /[a-z0-9]/i.test(s));
    await fc.assert(
      fc.asyncProperty(noDigits, async (asked) => {
        const { docs } = await storedAfter((repo) => repo.recordUnanswered(asked, new Date()));
        expect(docs.map((d) => d.question)).toEqual([asked.slice(0, 200).trim()]);
      }),
      { numRuns: 100, seed: SEED },
    );
  });
});
