// One line per config problem, `file:line:column: severity: message`, apart from the reader so a run that
// reads no config file can still word problems without loading it.
import type { ConfigProblem } from './config.js';

/** `file:line:column: error: message`, as compilers print. */
export function formatConfigProblem(problem: ConfigProblem): string {
  const where = problem.line !== undefined ? `${problem.file}:${problem.line}:${problem.column ?? 1}` : problem.file;
  return `${where}: ${problem.severity}: ${problem.message}\n`;
}
