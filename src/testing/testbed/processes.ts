// Child processes of the test bed: each runs in its own process group (so a stop takes its whole
// tree), writes to a log file, and — when `guardParent` is set — is ended by a small shell guard as
// soon as the Node process that started it is gone, so a test that crashes leaves nothing running.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Managed {
  name: string;
  pid: number;
  logFile: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** A free TCP port on 127.0.0.1 (bound and released: a tiny race the callers accept). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The guard: runs the program in the background and ends it when the watched process (the test's
 * Node process) no longer exists. Both are in the group the caller kills on stop.
 */
export const GUARD_SCRIPT = [
  '"$@" & child=$!',
  'trap \'kill -TERM "$child" 2>/dev/null; wait "$child"; exit\' TERM INT',
  'while kill -0 "$KH_WATCH_PID" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done',
  'kill -TERM "$child" 2>/dev/null',
  'wait "$child"',
].join('\n');

export interface StartOptions {
  name: string;
  command: string;
  args: readonly string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  /** End the process when this Node process exits (tests); false for `testbed/up`. */
  guardParent: boolean;
}

export function startProcess(options: StartOptions): Managed {
  const log = openSync(options.logFile, 'a');
  const env = { ...process.env, ...options.env, KH_WATCH_PID: String(process.pid) };
  const [command, args] = options.guardParent ? ['bash', ['-c', GUARD_SCRIPT, 'guard', options.command, ...options.args]] : [options.command, [...options.args]];
  const child = spawn(command as string, args as string[], { detached: true, stdio: ['ignore', log, log], env });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`could not start ${options.name}`);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.unref();
  return { name: options.name, pid: child.pid, logFile: options.logFile, child, exited };
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM to the process group, SIGKILL after `graceMs` if anything of it is left. */
export async function stopGroup(pid: number, graceMs = 5000): Promise<void> {
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(50);
  if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
  const hard = Date.now() + 2000;
  while (groupAlive(pid) && Date.now() < hard) await sleep(20);
}

/** Synchronous last resort (process 'exit' handlers cannot wait). */
export function killGroupNow(pid: number): void {
  signalGroup(pid, 'SIGKILL');
}
