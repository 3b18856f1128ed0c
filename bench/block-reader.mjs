// node bench/block-reader.mjs — the block reader (src/manifests/block-reader.ts) against js-yaml's
// `load` on the documents of the check bench corpus (bench/corpus.mjs), in one process: both read
// the same chunks (as splitYamlDocuments cuts them) in alternated rounds; prints the CPU time of each,
// the ratio, and how many documents the reader declined (left to js-yaml).
//
//   npm run bench:block-reader               10,000 documents, 5 rounds each
//   BENCH_DOCS=50000 BENCH_ROUNDS=9 node bench/block-reader.mjs
import jsyaml from 'js-yaml';
import { NOT_HANDLED, readBlockYaml } from '../dist/manifests/block-reader.js';
import { KUBECTL_SCHEMA } from '../dist/manifests/schema.js';
import { isBlankDocument, splitYamlDocuments } from '../dist/manifests/split.js';
import { documentAt } from './corpus.mjs';

const DOCUMENTS = Number(process.env.BENCH_DOCS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FILES = 100;

// The corpus's files as bench:check writes them, cut into chunks as the loader cuts them.
const chunks = [];
const perFile = Math.ceil(DOCUMENTS / FILES);
for (let f = 0; f < FILES; f++) {
  const docs = [];
  for (let i = f * perFile; i < Math.min(DOCUMENTS, (f + 1) * perFile); i++) docs.push(documentAt(i));
  for (const chunk of splitYamlDocuments(docs.join('---\n'))) if (!isBlankDocument(chunk.text)) chunks.push(chunk.text);
}
const bytes = chunks.reduce((sum, text) => sum + text.length, 0);

let declined = 0;
for (const text of chunks) if (readBlockYaml(text) === NOT_HANDLED) declined++;

const cpuMs = (run) => {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};
const readAll = () => {
  for (const text of chunks) readBlockYaml(text);
};
const loadAll = () => {
  for (const text of chunks) jsyaml.load(text, { schema: KUBECTL_SCHEMA });
};
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const reader = [];
const parser = [];
// The first round of each is the cold one (the same code as check's first pass through it).
for (let round = 0; round < ROUNDS; round++) {
  parser.push(cpuMs(loadAll));
  reader.push(cpuMs(readAll));
  console.log(`round ${round + 1}: js-yaml load ${parser.at(-1).toFixed(0)} ms, block reader ${reader.at(-1).toFixed(0)} ms`);
}
console.log(`${chunks.length} documents, ${(bytes / 1e6).toFixed(1)} MB; declined by the block reader (read by js-yaml in check): ${declined}`);
console.log(`cold (round 1): js-yaml ${parser[0].toFixed(0)} ms, block reader ${reader[0].toFixed(0)} ms → ${(parser[0] / reader[0]).toFixed(2)}× faster`);
console.log(`median CPU: js-yaml ${median(parser).toFixed(0)} ms, block reader ${median(reader).toFixed(0)} ms → ${(median(parser) / median(reader)).toFixed(2)}× faster`);
