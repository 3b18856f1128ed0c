// How the end-to-end and differential suites treat a missing test bed: a developer gets a skip with
// the reason; CI (KUBE_HYBRID_TESTBED_REQUIRED=1, set by .ci/run) gets a failure instead.
import { locateKubectl, locateTestbedBinaries } from './binaries.js';

export interface TestbedAvailability {
  binDir?: string;
  kubectl?: string;
  /** Why the suite cannot run (undefined when it can). */
  skip?: string;
}

export function testbedAvailability(needsKubectl: boolean, env: NodeJS.ProcessEnv = process.env): TestbedAvailability {
  const bins = locateTestbedBinaries(env);
  const kubectlPath = needsKubectl ? locateKubectl(env) : undefined;
  let skip: string | undefined;
  if (!bins.found) skip = bins.reason;
  else if (needsKubectl && !kubectlPath) skip = 'kubectl is not on PATH';
  if (skip && env.KUBE_HYBRID_TESTBED_REQUIRED === '1') throw new Error(`the test bed is required here (KUBE_HYBRID_TESTBED_REQUIRED=1) but ${skip}`);
  if (skip) process.stderr.write(`kube-hybrid test bed: SKIPPED (${skip})\n`);
  return { ...(bins.found ? { binDir: bins.dir } : {}), ...(kubectlPath ? { kubectl: kubectlPath } : {}), ...(skip ? { skip } : {}) };
}
