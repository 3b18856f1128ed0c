// `testbed/up` and `testbed/down`: a control plane that outlives the command, for a developer's shell
// (kubectl, `kube-hybrid … --kubeconfig`). State lives in one folder (default testbed/.run).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { locateTestbedBinaries } from './binaries.js';
import type { ControlPlaneState } from './controlplane.js';
import { ControlPlane } from './controlplane.js';
import { stopGroup } from './processes.js';

async function up(dir: string): Promise<number> {
  if (existsSync(resolve(dir, 'state.json'))) {
    process.stderr.write(`testbed: already up (${dir}/state.json); run testbed/down first\n`);
    return 1;
  }
  const bins = locateTestbedBinaries();
  if (!bins.found) {
    process.stderr.write(`testbed: ${bins.reason}\n`);
    return 3;
  }
  const plane = await ControlPlane.start({ binDir: bins.dir, detach: true, dataDir: dir });
  const s = plane.state;
  process.stdout.write(
    [
      `# kube-apiserver ${s.server} (data, logs and kubeconfigs in ${s.dataDir})`,
      `export KUBECONFIG=${s.kubeconfigs.admin}`,
      `# restricted reader: ${s.kubeconfigs.reader}`,
      '',
    ].join('\n'),
  );
  plane.admin.close();
  plane.reader.close();
  return 0;
}

async function down(dir: string): Promise<number> {
  const file = resolve(dir, 'state.json');
  if (!existsSync(file)) {
    process.stderr.write(`testbed: nothing is up in ${dir}\n`);
    return 0;
  }
  const state = JSON.parse(readFileSync(file, 'utf8')) as ControlPlaneState;
  const order = ['kube-controller-manager', 'kube-scheduler', 'kube-apiserver', 'etcd'];
  for (const name of order) {
    const pid = state.pids[name];
    if (pid !== undefined) await stopGroup(pid);
  }
  rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`testbed: stopped and removed ${dir}\n`);
  return 0;
}

const [verb, dirArg] = process.argv.slice(2);
const dir = resolve(dirArg ?? 'testbed/.run');
const run = verb === 'up' ? up : verb === 'down' ? down : undefined;
if (!run) {
  process.stderr.write('usage: node dist/testing/testbed/cli.js up|down [DIR]\n');
  process.exit(2);
}
run(dir).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`testbed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
