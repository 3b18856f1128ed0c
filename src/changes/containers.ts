// Safe container changes for Windows pods, each implemented once (JSON patch for the webhook or a
// caller, format-preserving YAML edit for `check --fix`). Each returns false, changing nothing, when
// the change does not apply or would need a human's decision.
import { parseQuantity } from '../kube/quantity.js';
import { WINDOWS_FORBIDDEN_CONTAINER_SECURITY_FIELDS, WINDOWS_FORBIDDEN_POD_SECURITY_FIELDS } from '../kube/windows-pod-validation.js';
import { isWindowsRunnable } from '../rules/windows-exec-probe-command.js';
import { isRecord } from '../util/guards.js';
import type { JsonPatchBuilder } from './json-patch.js';

/** resources.requests.memory := resources.limits.memory, when both are set and differ (Windows cannot reclaim over-committed memory). */
export function memoryRequestEqualsLimit(builder: JsonPatchBuilder, container: readonly string[]): boolean {
  const limit = builder.valueAt([...container, 'resources', 'limits', 'memory']);
  const requestTokens = [...container, 'resources', 'requests', 'memory'];
  const request = builder.valueAt(requestTokens);
  if ((typeof limit !== 'string' && typeof limit !== 'number') || request === undefined || request === null) return false;
  const limitBytes = parseQuantity(limit);
  if (limitBytes === undefined || limitBytes === parseQuantity(request)) return false;
  return builder.replace(requestTokens, limit);
}

/** Probes whose exec command the kubelet starts with CreateProcess on Windows. */
export const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
export type ProbeName = (typeof PROBES)[number];

/**
 * exec.command ["dir", …] → ["cmd", "/c", "dir", …], so that shell built-ins and commands found on PATH
 * run. Refused (false) when the command already starts an executable, or starts with a Linux path
 * (`/bin/sh`, `/usr/bin/…`): that probe was written for Linux and needs rewriting by a human.
 */
export function wrapExecInCmd(builder: JsonPatchBuilder, probe: readonly string[]): boolean {
  const commandTokens = [...probe, 'exec', 'command'];
  const command = builder.valueAt(commandTokens);
  if (!Array.isArray(command) || typeof command[0] !== 'string') return false;
  const first = command[0];
  if (isWindowsRunnable(first) || first.startsWith('/') || first === '') return false;
  return builder.insertAt(commandTokens, 0, 'cmd') && builder.insertAt(commandTokens, 1, '/c');
}

/** How long a startupProbe added for a Windows container lets it start: failureThreshold × periodSeconds. */
export const STARTUP_PERIOD_SECONDS = 10;
export const STARTUP_FAILURE_THRESHOLD = 30;

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

/**
 * A startupProbe with the liveness probe's handler, checking every 10 s for up to 300 s, so a slow
 * Windows start is not killed by the liveness probe. Refused when a startupProbe exists, the liveness
 * probe has no handler, or its exec command is not one Windows can start (copying it would copy the
 * problem).
 */
export function addStartupProbe(builder: JsonPatchBuilder, container: readonly string[]): boolean {
  if (builder.valueAt([...container, 'startupProbe']) !== undefined) return false;
  const liveness = builder.valueAt([...container, 'livenessProbe']);
  if (!isRecord(liveness)) return false;
  const handler = HANDLERS.find((name) => isRecord(liveness[name]));
  if (!handler) return false;
  if (handler === 'exec') {
    const command = (liveness.exec as Record<string, unknown>).command;
    if (!Array.isArray(command) || typeof command[0] !== 'string' || !isWindowsRunnable(command[0])) return false;
  }
  const probe: Record<string, unknown> = { [handler]: structuredClone(liveness[handler]) };
  if (typeof liveness.timeoutSeconds === 'number') probe.timeoutSeconds = liveness.timeoutSeconds;
  probe.periodSeconds = STARTUP_PERIOD_SECONDS;
  probe.failureThreshold = STARTUP_FAILURE_THRESHOLD;
  return builder.addMember([...container, 'startupProbe'], probe);
}

/**
 * Linux-only securityContext fields that Windows ignores and whose removal changes nothing there (the
 * API server refuses them once spec.os.name is windows). Not touched, and left to a human: privileged:
 * true (the container wants host access: a HostProcess container is the Windows answer), capabilities
 * that add anything, sysctls, and hostPID/hostIPC/hostUsers/shareProcessNamespace (the pod asks for
 * something Windows cannot give; dropping the field hides that).
 */
export const REMOVABLE_POD_SECURITY_FIELDS: readonly string[] = WINDOWS_FORBIDDEN_POD_SECURITY_FIELDS.filter((field) => field !== 'sysctls');
export const REMOVABLE_CONTAINER_SECURITY_FIELDS: readonly string[] = WINDOWS_FORBIDDEN_CONTAINER_SECURITY_FIELDS.filter((field) => field !== 'privileged' && field !== 'capabilities');

/** Whether a securityContext field may be removed from a Windows pod without changing what it does there. */
export function removableSecurityField(field: string, value: unknown, level: 'pod' | 'container'): boolean {
  if (value === undefined) return false;
  if (level === 'container') {
    if (field === 'privileged') return value !== true;
    if (field === 'capabilities') return !isRecord(value) || !Array.isArray(value.add) || value.add.length === 0;
    return REMOVABLE_CONTAINER_SECURITY_FIELDS.includes(field);
  }
  return REMOVABLE_POD_SECURITY_FIELDS.includes(field);
}

/**
 * Removes `field` from the securityContext at `securityContext` when `removableSecurityField` allows it;
 * removes the securityContext itself when nothing else is left in it.
 */
export function removeIgnoredSecurityField(builder: JsonPatchBuilder, securityContext: readonly string[], field: string, level: 'pod' | 'container'): boolean {
  const context = builder.valueAt(securityContext);
  if (!isRecord(context) || !removableSecurityField(field, context[field], level)) return false;
  if (Object.keys(context).length === 1) return builder.remove(securityContext);
  return builder.remove([...securityContext, field]);
}
