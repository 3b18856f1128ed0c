// Where the test bed's binaries are: testbed/build.sh --locate answers from the caches without
// building. Test support only (never imported by product code).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from '../paths.js';

export const TESTBED_BINARIES = ['etcd', 'kube-apiserver', 'kube-scheduler', 'kube-controller-manager'] as const;
export type TestbedBinary = (typeof TESTBED_BINARIES)[number];

export type BinariesLookup = { found: true; dir: string } | { found: false; reason: string };

/** Binaries from KUBE_HYBRID_TESTBED_BIN, else the build caches; never builds. */
export function locateTestbedBinaries(env: NodeJS.ProcessEnv = process.env): BinariesLookup {
  const fromEnv = env.KUBE_HYBRID_TESTBED_BIN;
  if (fromEnv) {
    const missing = TESTBED_BINARIES.filter((b) => !existsSync(join(fromEnv, b)));
    return missing.length === 0 ? { found: true, dir: fromEnv } : { found: false, reason: `KUBE_HYBRID_TESTBED_BIN=${fromEnv} lacks ${missing.join(', ')}` };
  }
  const result = spawnSync('bash', [repoPath('testbed/build.sh'), '--locate'], { encoding: 'utf8', env });
  const dir = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status === 0 && dir !== '') return { found: true, dir };
  return { found: false, reason: 'the test bed is not built (run `bash testbed/build.sh`; see docs/testing.md)' };
}

/** The real kubectl on PATH, if any. */
export function locateKubectl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const result = spawnSync('bash', ['-c', 'command -v kubectl'], { encoding: 'utf8', env });
  const path = result.stdout.trim();
  return result.status === 0 && path !== '' ? path : undefined;
}
