// The rule registry: an explicit list, never a directory scan. Adding a rule = a module, an entry
// here, a docs page docs/rules/<id>.md, and tests (a test keeps the three in step).
import type { Rule } from '../engine/types.js';
import { imageOsMismatch } from './image-os-mismatch.js';
import { linuxWorkloadOnWindowsNode } from './linux-workload-on-windows-node.js';
import { noEligibleNode } from './no-eligible-node.js';
import { osFieldContradictsSelector } from './os-field-contradicts-selector.js';
import { runtimeClassRejected } from './runtime-class-rejected.js';
import { windowsImageBuildMismatch } from './windows-image-build-mismatch.js';
import { windowsWorkloadOnLinuxNode } from './windows-workload-on-linux-node.js';

export const RULES: readonly Rule[] = [
  // placement
  windowsWorkloadOnLinuxNode,
  linuxWorkloadOnWindowsNode,
  noEligibleNode,
  osFieldContradictsSelector,
  runtimeClassRejected,
  // image
  windowsImageBuildMismatch,
  imageOsMismatch,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.id, rule]));
