// Runs the real kubectl against the test bed (KUBECONFIG set, input on stdin).
import { spawn } from 'node:child_process';

export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `env` adds to (or overrides) the inherited environment, KUBECONFIG aside. */
export function kubectl(binary: string, kubeconfig: string, args: readonly string[], stdin?: string, env: Readonly<Record<string, string>> = {}): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [...args], { env: { ...process.env, ...env, KUBECONFIG: kubeconfig }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}
