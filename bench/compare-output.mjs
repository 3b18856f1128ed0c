// Byte-for-byte comparison of `check` output between two builds: the bench corpus, the examples and
// the test fixtures, against several clusters, in every output format, plus stdin and exit codes.
//
//   node bench/compare-output.mjs --baseline /path/to/other/checkout [--docs 3000]
//
// The baseline is another checkout with `dist/` built (e.g. main before a performance change).
// Prints one line per case and exits 1 when any output, stderr or exit code differs.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeCorpus } from './corpus.mjs';

const { values } = parseArgs({ options: { baseline: { type: 'string' }, docs: { type: 'string', default: '3000' } } });
if (!values.baseline) {
  console.error('usage: node bench/compare-output.mjs --baseline <checkout with dist/ built> [--docs N]');
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const binOf = (checkout) => join(checkout, 'bin', 'kube-hybrid.js');
const current = binOf(root);
const baseline = binOf(values.baseline);

const corpus = join(tmpdir(), `kube-hybrid-compare-${process.pid}`);
writeCorpus(corpus, Number(values.docs), 30);

const inputs = [
  [corpus],
  [join(root, 'examples/hybrid-app')],
  [join(root, 'test/fixtures/plan/contoso')],
  [join(root, 'test/fixtures/workloads')],
  [join(root, 'test/fixtures/fix/corpus')],
  [join(root, 'test/fixtures/fix/runtimeclass'), join(root, 'test/fixtures/fix/follow-up')],
  // Objects across folders in both orders: cross-object rules see them in a different order.
  [join(root, 'examples/hybrid-app'), join(root, 'test/fixtures/plan/contoso'), join(root, 'test/fixtures/workloads')],
  [join(root, 'test/fixtures/workloads'), join(root, 'test/fixtures/plan/contoso'), join(root, 'examples/hybrid-app')],
  // A missing file beside good ones: a problem, the rest still analysed.
  [join(root, 'examples/hybrid-app'), join(root, 'no-such-file.yaml')],
];
const clusters = [[], ['--cluster', 'multi-build'], ['--cluster', 'kubeadm'], ['--cluster', join(root, 'test/fixtures/clusters/nodes.yaml')]];
const formats = ['json', 'text', 'sarif'];

function run(bin, args, input) {
  const child = spawnSync(process.execPath, [bin, 'check', ...args, '--today', '2026-11-30'], { encoding: 'utf8', maxBuffer: 1 << 30, input, env: { ...process.env, NO_COLOR: '1' } });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

const digest = (r) => createHash('sha256').update(`${r.status}\0${r.stdout}\0${r.stderr}`).digest('hex').slice(0, 16);
let differences = 0;
let cases = 0;
function compare(label, args, input) {
  const a = run(baseline, args, input);
  const b = run(current, args, input);
  cases++;
  const same = a.status === b.status && a.stdout === b.stdout && a.stderr === b.stderr;
  if (!same) differences++;
  console.log(`${same ? 'same' : 'DIFF'} ${digest(b)} ${label}`);
  if (!same && process.env.COMPARE_VERBOSE) {
    console.log(`  baseline: exit ${a.status}, ${a.stdout.length} chars out, ${a.stderr.length} err`);
    console.log(`  current:  exit ${b.status}, ${b.stdout.length} chars out, ${b.stderr.length} err`);
  }
}

const short = (path) => path.replace(root, '').replace(corpus, '<corpus>');
for (const paths of inputs) {
  for (const cluster of clusters) {
    for (const format of formats) compare(`${paths.map(short).join(' ')} ${cluster.map(short).join(' ')} -o ${format}`, [...paths, ...cluster, '-o', format]);
  }
}
// Standard input, and the fixtures with a rule turned off and another raised.
const stdinText = readFileSync(join(root, 'test/fixtures/workloads/placement-corpus.yaml'), 'utf8');
for (const format of formats) compare(`- (stdin) -o ${format}`, ['-', '-o', format], stdinText);
compare('overrides -o json', [join(root, 'examples/hybrid-app'), '--rule', 'windows-build-unpinned=off', '--rule', 'windows-image-tag=error', '-o', 'json']);
console.log(`${cases - differences}/${cases} cases byte-identical (stdout, stderr and exit code)`);
process.exit(differences === 0 ? 0 : 1);
