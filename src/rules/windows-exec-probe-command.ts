import type { Rule } from '../engine/types.js';
import { asRecord } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { containersOf, describeOwner, windowsPodOf } from './helpers.js';

const SHELLS = new Set(['cmd', 'cmd.exe', 'powershell', 'powershell.exe', 'pwsh', 'pwsh.exe']);
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** Whether an exec command's first word is something Windows CreateProcess can start. */
export function isWindowsRunnable(command: string): boolean {
  const base = (command.split(/[\\/]/).pop() ?? '').toLowerCase();
  return SHELLS.has(base) || base.endsWith('.exe');
}

/** Exec probes run through CreateProcess; Linux commands are not found (as reported in Azure/AKS#1836). */
export const windowsExecProbeCommand: Rule = {
  id: 'windows-exec-probe-command',
  meta: {
    category: 'operations',
    defaultSeverity: 'warning',
    description: 'An exec probe on a Windows container whose command is not cmd, powershell, pwsh or an .exe.',
    messages: {
      notRunnable:
        'The {{owner}}\'s {{probe}} runs "{{command}}" ({{how}}): the Windows node starts it with CreateProcess, which fails with "The system cannot find the file specified" unless it names an executable, and the probe keeps failing. Use ["cmd", "/c", …] or ["powershell", "-Command", …].',
    },
    source: 'https://github.com/Azure/AKS/issues/1836 (encountered an error during CreateProcess … The system cannot find the file specified); https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-createprocessw',
    fixable: true,
  },
  sharedVisitor: true,
  windowsWorkloadsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const pod = windowsPodOf(context, workload);
        if (!pod) return;
        for (const ref of containersOf(workload, ['initContainers', 'containers'])) {
          for (const probe of PROBES) {
            const command = asRecord(asRecord(ref.container[probe])?.exec)?.command;
            if (!Array.isArray(command) || typeof command[0] !== 'string' || isWindowsRunnable(command[0])) continue;
            context.report({
              target: workload.source,
              messageId: 'notRunnable',
              path: joinPointer(ref.path, probe, 'exec', 'command', 0),
              data: { owner: describeOwner(ref), probe, command: command[0], how: pod.how },
            });
          }
        }
      },
    };
  },
};
