// The rule registry: an explicit list, never a directory scan. Adding a rule = a module, an entry
// here, a docs page docs/rules/<id>.md, and tests (a test keeps the three in step).
import type { Rule } from '../engine/types.js';
import { windowsWorkloadOnLinuxNode } from './windows-workload-on-linux-node.js';

export const RULES: readonly Rule[] = [
  // placement
  windowsWorkloadOnLinuxNode,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.id, rule]));
