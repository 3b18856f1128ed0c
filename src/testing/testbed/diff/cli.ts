// `npm run diff:upstream -- [--cases N] [--validation-cases M] [--seed S] [--report FILE]`: the long
// differential run against upstream. Prints agreement per area and every disagreement; writes the
// whole report as JSON. Exit 0 when every disagreement is a known one (known.ts), 1 otherwise, 3 when the test bed is not built.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { locateTestbedBinaries } from '../binaries.js';
import { ControlPlane } from '../controlplane.js';
import { KNOWN_SCHEDULING, unknownOf, unknownValidation } from './known.js';
import { formatReport } from './report.js';
import { agreementLines, runDifferential } from './run.js';

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const inline = args.find((a) => a.startsWith(`${name}=`));
  return inline?.slice(name.length + 1);
}

async function main(args: readonly string[]): Promise<number> {
  const cases = Number(flag(args, '--cases') ?? '500');
  const validationCases = Number(flag(args, '--validation-cases') ?? String(Math.max(300, cases)));
  const seed = Number(flag(args, '--seed') ?? '20261130');
  const reportFile = resolve(flag(args, '--report') ?? '.cache/diff-upstream/report.json');
  if (![cases, validationCases, seed].every((n) => Number.isInteger(n) && n >= 0)) {
    process.stderr.write('usage: npm run diff:upstream -- [--cases N] [--validation-cases M] [--seed S] [--report FILE]\n');
    return 2;
  }
  const bins = locateTestbedBinaries();
  if (!bins.found) {
    process.stderr.write(`diff:upstream: ${bins.reason}\n`);
    return 3;
  }
  const plane = await ControlPlane.start({ binDir: bins.dir });
  try {
    const report = await runDifferential(plane, { seed, schedulingCases: cases, validationCases, onProgress: (line) => process.stderr.write(`${line}\n`) });
    mkdirSync(dirname(reportFile), { recursive: true });
    writeFileSync(reportFile, JSON.stringify(report, null, 2));
    process.stdout.write(formatReport(report));
    process.stdout.write(`\n${agreementLines(report).join('\n')}\nreport: ${reportFile}\n`);
    const unknown = unknownOf(report.scheduling.disagreements, KNOWN_SCHEDULING).length + unknownValidation(report.validation.disagreements).length;
    return unknown + report.scheduling.errors.length === 0 ? 0 : 1;
  } finally {
    await plane.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`diff:upstream: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
