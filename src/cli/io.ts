// What a CLI verb may touch of the outside world, so verbs can be run in-process by tests.
import { DEFAULT_READ_LIMITS, readBoundedStdin } from '../manifests/read.js';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whole of standard input (for the `-` path); throws past `maxBytes` or when stdin is a directory. */
  readStdin(maxBytes?: number): string;
  /** Colour and progress only when true. */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** A verb: parses its own flags, calls the core, prints, returns the exit code. */
export type Verb = (argv: string[], io: CliIO) => Promise<number>;

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE_OR_INPUT = 2;

/**
 * A reader that stops early (`kube-hybrid rules | head -1`) closes the pipe: end quietly, as Unix
 * tools do, instead of an unhandled EPIPE stack trace. Other stream errors still surface.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream, exit: (code: number) => void = (code) => process.exit(code)): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK);
    else throw error;
  });
}

let pipesGuarded = false;

export function processIO(): CliIO {
  if (!pipesGuarded) {
    pipesGuarded = true;
    endQuietlyOnClosedPipe(process.stdout);
    endQuietlyOnClosedPipe(process.stderr);
  }
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: (maxBytes = DEFAULT_READ_LIMITS.maxFileBytes) => readBoundedStdin(maxBytes),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    env: process.env,
  };
}

/** An in-memory IO for tests: collects what a verb prints. */
export function captureIO(stdin = '', cwd = process.cwd()): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) { io.out += text; },
    stderr(text: string) { io.err += text; },
    readStdin: () => stdin,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd,
    env: {} as NodeJS.ProcessEnv,
  };
  return io;
}
