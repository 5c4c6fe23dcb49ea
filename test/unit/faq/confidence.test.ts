import { decide } from '../../../src/services/faq/confidence';
import type { FaqHit } from '../../../src/services/faq/faq-index';

const hit = (id: string, score: number, coverage = 0.9): FaqHit => ({ id, score, coverage, core: true });

/** The decision after ranking: answer, suggest or refuse (confidence.ts). */
describe('FAQ decision', () => {
  it('when the question is more like a labelled out-of-scope question than like the top entry, then it is refused', () => {
    expect(
      decide({
        inDomain: true,
        hits: [hit('lost-phone', 0.4)],
        refusedLikeness: 0.55,
        refusedOnlyWords: 0,
        concepts: 3,
      }).kind,
    ).toBe('none');
  });

  it('when the top entry is more like the question than any refused question, then it is answered', () => {
    expect(
      decide({
        inDomain: true,
        hits: [hit('lost-phone', 0.7)],
        refusedLikeness: 0.55,
        refusedOnlyWords: 0,
        concepts: 3,
      }),
    ).toMatchObject({
      kind: 'answer',
      id: 'lost-phone',
    });
  });

  it('when a labelled out-of-scope question is nearly as like the question as the top entry (within 0.05), then it is refused', () => {
    expect(
      decide({
        inDomain: true,
        hits: [hit('lost-phone', 0.6)],
        refusedLikeness: 0.56,
        refusedOnlyWords: 0,
        concepts: 3,
      }).kind,
    ).toBe('none');
    expect(
      decide({
        inDomain: true,
        hits: [hit('lost-phone', 0.6)],
        refusedLikeness: 0.54,
        refusedOnlyWords: 0,
        concepts: 3,
      }).kind,
    ).toBe('answer');
  });

  it('when the question is like no example at all, refused or not, then it is not refused for that (the words decide)', () => {
    expect(
      decide({
        inDomain: true,
        hits: [hit('lost-phone', 0)],
        refusedLikeness: 0,
        refusedOnlyWords: 0,
        concepts: 3,
      }),
    ).toMatchObject({
      kind: 'suggestions',
      ids: ['lost-phone'],
    });
  });

  it('when the question uses a word only out-of-scope questions use and no entry is very like it, then it is refused', () => {
    // "ESR portal is asking me for a verification code": "code" is MFA's word, "ESR" only a refused question's.
    const asked = { inDomain: true, hits: [hit('method-app-code', 0.45)], refusedLikeness: 0.3, concepts: 5 };
    expect(decide({ ...asked, refusedOnlyWords: 0, concepts: 3 }).kind).toBe('answer');
    expect(decide({ ...asked, refusedOnlyWords: 1 }).kind).toBe('none');
  });

  it('when the question uses such a word but is very like one way of asking for an entry, then it is still answered', () => {
    expect(
      decide({
        inDomain: true,
        hits: [hit('method-app-code', 0.8)],
        refusedLikeness: 0.3,
        refusedOnlyWords: 1,
        concepts: 5,
      }),
    ).toMatchObject({ kind: 'answer', id: 'method-app-code' });
  });

  it('when a long question (nine concepts or more) uses a word only out-of-scope questions use, then the nearest entries are still offered', () => {
    // "my phone got nicked at the football on Saturday, the insurance people are useless, now Outlook wants
    // the authenticator": "football" and "insurance" are only refused questions' words.
    const long = { inDomain: true, hits: [hit('lost-phone', 0.3, 0.3), hit('new-phone', 0.25, 0.3)] };
    expect(decide({ ...long, refusedLikeness: 0.2, refusedOnlyWords: 2, concepts: 4 }).kind).toBe('none');
    expect(decide({ ...long, refusedLikeness: 0.2, refusedOnlyWords: 2, concepts: 12 })).toMatchObject({
      kind: 'suggestions',
      ids: ['lost-phone', 'new-phone'],
    });
  });

  it('when a long question matches no entry closely and has no MFA word, then the nearest entries are offered, not "I don\'t know"', () => {
    const long = {
      inDomain: false,
      hits: [hit('when-asked', 0.35, 0.4)],
      refusedLikeness: 0.2,
      refusedOnlyWords: 0,
    };
    expect(decide({ ...long, concepts: 5 }).kind).toBe('none');
    expect(decide({ ...long, concepts: 10 })).toMatchObject({ kind: 'suggestions', ids: ['when-asked'] });
  });

  it('when a long question is as like a labelled out-of-scope question as like any entry, then it is still refused', () => {
    expect(
      decide({
        inDomain: false,
        hits: [hit('when-asked', 0.35, 0.4)],
        refusedLikeness: 0.4,
        refusedOnlyWords: 1,
        concepts: 12,
      }).kind,
    ).toBe('none');
  });
});
