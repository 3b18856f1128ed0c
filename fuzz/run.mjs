// npm run fuzz — the long mode of the fuzz suite (src/testing/fuzz.ts): FUZZ_RUNS inputs (default
// 100,000) through the loader, every rule, simulate and both webhook handlers, with a planted
// document beside each. Prints inputs, crashes, internal errors and lost documents, and the first
// examples of each; exits 1 when any crash or lost document was found. FUZZ_SEED fixes the inputs.
import fc from 'fast-check';
import { fuzzInput, fileOf, runInput } from '../dist/testing/fuzz.js';

const runs = Number(process.env.FUZZ_RUNS ?? 100_000);
const seed = Number(process.env.FUZZ_SEED ?? 9);
const started = Date.now();
const totals = { inputs: 0, crashes: 0, internalErrors: 0, lostDocuments: 0 };
const examples = { crashes: [], internalErrors: [], lost: [] };
const keep = (list, item) => {
  if (list.length < 5) list.push(item);
};

fc.check(
  fc.property(fuzzInput, (input) => {
    totals.inputs++;
    const outcome = runInput(input);
    if (outcome.crashes.length > 0) {
      totals.crashes++;
      keep(examples.crashes, { crashes: outcome.crashes, file: fileOf(input).text });
    }
    if (outcome.internalErrors.length > 0) {
      totals.internalErrors++;
      keep(examples.internalErrors, { errors: outcome.internalErrors, file: fileOf(input).text });
    }
    if (outcome.lost.length > 0) {
      totals.lostDocuments++;
      keep(examples.lost, { lost: outcome.lost, file: fileOf(input).text });
    }
    if (totals.inputs % 10_000 === 0) process.stderr.write(`${totals.inputs} inputs, ${Math.round((Date.now() - started) / 1000)} s\n`);
    return true;
  }),
  { numRuns: runs, seed },
);

const seconds = (Date.now() - started) / 1000;
for (const [name, list] of Object.entries(examples)) {
  for (const example of list) console.log(`--- example (${name}) ---\n${JSON.stringify(example, null, 2)}`);
}
console.log(`seed ${seed}: ${totals.inputs} inputs, ${totals.crashes} crashes, ${totals.lostDocuments} lost documents, ${totals.internalErrors} inputs with an isolated internal error (${seconds.toFixed(0)} s)`);
process.exitCode = totals.crashes > 0 || totals.lostDocuments > 0 ? 1 : 0;
