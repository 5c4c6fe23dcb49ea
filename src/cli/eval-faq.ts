import { join } from 'node:path';
import { evaluate, EVAL_TARGETS, loadEvalSet } from '../services/faq/faq-eval';
import { FaqService } from '../services/faq/faq-service';

/**
 * `npm run eval:faq [eval-file]`: measures the FAQ answerer on test/fixtures/faq-eval.yaml and prints
 * top-1, top-3, out-of-scope rejection and every miss. Exits 1 when a figure is below its target.
 */
async function main(): Promise<number> {
  const root = join(__dirname, '..', '..');
  const file = process.argv[2] ?? join(root, 'test', 'fixtures', 'faq-eval.yaml');
  const faq = new FaqService({
    dir: join(root, 'content', 'faq'),
    values: { organisationName: 'Example NHS Trust', helpdeskEmail: 'helpdesk@example.org' },
  });
  const loaded = faq.reload();
  for (const p of loaded.problems) console.log(`invalid entry ${p.file}: ${p.reason}`);
  const set = await loadEvalSet(file);
  const r = evaluate(faq, set);
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  console.log(
    `FAQ evaluation: ${loaded.loaded} entries, ${r.inScope} in-scope and ${r.outOfScope} out-of-scope questions`,
  );
  console.log(`  top-1 accuracy            ${pct(r.top1)}  (target >= ${pct(EVAL_TARGETS.top1)})`);
  console.log(`  top-3 accuracy            ${pct(r.top3)}`);
  console.log(
    `  answered confidently      ${pct(r.confidentRate)}  (of which wrong: ${pct(r.confidentWrong)})`,
  );
  console.log(`  out-of-scope rejection    ${pct(r.rejection)}  (target >= ${pct(EVAL_TARGETS.rejection)})`);
  if (r.misses.length > 0) console.log('\nMisses (expected -> got):');
  for (const m of r.misses) console.log(`  "${m.question}"  ${m.expected} -> ${m.got}`);
  if (r.falseAccepts.length > 0) console.log('\nOut-of-scope questions not rejected:');
  for (const m of r.falseAccepts) console.log(`  "${m.question}"  -> ${m.got}`);
  if (set.holdout) {
    const h = evaluate(faq, set.holdout);
    console.log(`\nHold-out set (not tuned on): ${h.inScope} in-scope, ${h.outOfScope} out-of-scope`);
    console.log(`  top-1 ${pct(h.top1)}, top-3 ${pct(h.top3)}, rejection ${pct(h.rejection)}`);
    for (const m of [...h.misses, ...h.falseAccepts])
      console.log(`  "${m.question}"  ${m.expected} -> ${m.got}`);
  }
  return r.top1 >= EVAL_TARGETS.top1 && r.rejection >= EVAL_TARGETS.rejection ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 2;
  },
);
