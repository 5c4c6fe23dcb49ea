import { join } from 'node:path';
import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { DocumentFaqFeedbackRepository } from '../../../src/adapters/store/faq-feedback-repository';
import { FaqFeedbackService } from '../../../src/services/faq/faq-feedback-service';
import { FaqService } from '../../../src/services/faq/faq-service';
import { ManualClock } from '../tickets/fakes';

function setup() {
  const faq = new FaqService({ dir: join(__dirname, '..', '..', '..', 'content', 'faq'), values: {} });
  faq.reload();
  const repo = new DocumentFaqFeedbackRepository(new EmbeddedDocumentStore({ inMemory: true }));
  return { repo, service: new FaqFeedbackService({ feedback: repo, faq, clock: new ManualClock() }) };
}

describe('FAQ feedback', () => {
  it('when people vote on entries, then faq stats lists the least helpful first with titles', async () => {
    const { service, repo } = setup();
    await service.feedback('deadline', true, 'u1');
    await service.feedback('deadline', false, 'u2', ' Did not say the date ');
    await service.feedback('lost-phone', false, 'u3');
    await service.feedback('lost-phone', false, 'u4');
    const stats = await service.stats();
    expect(stats.leastHelpful).toEqual([
      { entryId: 'lost-phone', title: expect.stringContaining('lost my phone'), helpful: 0, notHelpful: 2 },
      { entryId: 'deadline', title: expect.stringContaining('deadline'), helpful: 1, notHelpful: 1 },
    ]);
    const comments = await repo.recentComments('deadline', 5);
    expect(comments.map((c) => c.comment)).toEqual(['Did not say the date']);
  });

  it('when the same unanswered question is asked in different spellings, then it is counted together', async () => {
    const { service } = setup();
    await service.unanswered("What's for lunch?");
    await service.unanswered('whats for lunch');
    await service.unanswered('where do I park');
    const stats = await service.stats();
    expect(stats.unanswered).toEqual([
      { question: "What's for lunch?", count: 2 },
      { question: 'where do I park', count: 1 },
    ]);
  });

  it('when an unanswered question holds a phone number, then the number is not stored', async () => {
    const { service } = setup();
    await service.unanswered('call me on 07700 900123 please');
    const stats = await service.stats();
    expect(stats.unanswered[0].question).toBe('call me on [number] please');
  });
});
