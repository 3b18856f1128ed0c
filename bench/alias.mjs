// npm run bench:alias — how long the loader takes to refuse alias bombs, and to load a large
// anchored document that no alias repeats, each beside a baseline measured in the same run: js-yaml
// parsing the same text (CORE schema, aliases kept as references, nothing expanded). Targets from
// issue 8: the merge bomb and the billion-laughs document are refused in < 100 ms.
import { loadText } from '../dist/manifests/load.js';
import jsyaml from 'js-yaml';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function mergeBomb() {
  // 50 anchored maps of 100 keys, merged into 200 maps: ~1 million nodes once expanded.
  const anchors = Array.from({ length: 50 }, (_, i) => `a${i}: &a${i} {${Array.from({ length: 100 }, (_, k) => `k${i}_${k}: ${k}`).join(', ')}}`).join('\n');
  const merges = Array.from({ length: 200 }, (_, j) => `  m${j}:\n    <<: [${Array.from({ length: 50 }, (_, i) => `*a${i}`).join(', ')}]`).join('\n');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: merges}\n${anchors}\ndata:\n${merges}\n`;
}

function billionLaughs() {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  ${levels.join('\n  ')}\n`;
}

function anchoredMap(keys) {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata: &d\n${Array.from({ length: keys }, (_, i) => `  k${i}: v${i}`).join('\n')}\n`;
}

function bestOf(fn) {
  let best = Infinity;
  let last;
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    last = fn();
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { ms: best, last };
}

const cases = [
  ['merge bomb (50 anchors × 200 merges)', mergeBomb(), 'refused'],
  ['billion laughs (9 levels)', billionLaughs(), 'refused'],
  ['anchored map, 10,000 keys, no alias', anchoredMap(10_000), 'loaded'],
  ['anchored map, 50,000 keys, no alias', anchoredMap(50_000), 'loaded'],
];

console.log(`best of ${RUNS} runs; baseline = js-yaml load of the same text (no expansion)`);
for (const [name, text, expected] of cases) {
  const ours = bestOf(() => loadText('bench.yaml', text));
  const baseline = bestOf(() => jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA }));
  const outcome = ours.last.objects.length === 1 ? 'loaded' : ours.last.problems.some((p) => /alias bomb/.test(p.message)) ? 'refused' : 'other';
  const flag = outcome === expected ? '' : `  (expected ${expected})`;
  console.log(
    `${name.padEnd(40)} ${(text.length / 1024).toFixed(0).padStart(6)} KiB  ${outcome.padEnd(8)} ${ours.ms.toFixed(1).padStart(8)} ms` +
      `   js-yaml ${baseline.ms.toFixed(1).padStart(7)} ms   ratio ${(ours.ms / baseline.ms).toFixed(2)}×${flag}`,
  );
}
