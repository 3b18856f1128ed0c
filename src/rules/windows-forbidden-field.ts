import type { Rule } from '../engine/types.js';
import { WINDOWS_FORBIDDEN_CONTAINER_SECURITY_FIELDS, WINDOWS_FORBIDDEN_POD_SECURITY_FIELDS } from '../kube/windows-pod-validation.js';
import { asRecord } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { containersOf, describeOwner, isSet, windowsPodOf } from './helpers.js';

// validateWindows (pkg/apis/core/validation/validation.go): Forbidden "cannot be set for a windows pod".
// Pointer fields count when set (null is unset), so `privileged: false` is rejected too; hostPID and
// hostIPC are plain booleans (only `true` counts); sysctls counts when non-empty.

function counts(field: string, value: unknown): boolean {
  if (field === 'hostPID' || field === 'hostIPC') return value === true;
  if (field === 'sysctls') return Array.isArray(value) && value.length > 0;
  return isSet(value);
}

/** Linux-only pod and container fields on a Windows pod (validation.go validateWindows). */
/**
 * Fields Pod Security "restricted" demands, whose checks it skips for pods with spec.os.name windows
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/, policy version 1.25+): removing
 * them without declaring the OS would fail a restricted namespace.
 */
const RESTRICTED_CHECKS_SKIPPED_FOR_WINDOWS = ['seccompProfile', 'capabilities', 'allowPrivilegeEscalation'];

export const windowsForbiddenField: Rule = {
  id: 'windows-forbidden-field',
  meta: {
    category: 'compatibility',
    defaultSeverity: 'error',
    description: 'A Linux-only pod or container field (hostPID, runAsUser, seccompProfile, privileged, …) on a Windows pod.',
    messages: {
      rejected: 'The API server rejects {{field}} on a Windows pod ({{how}}): "cannot be set for a windows pod". Remove it.',
      ignored:
        '{{field}} has no effect on Windows: the Windows node ignores it ({{how}}). Remove it; once spec.os.name is windows the API server rejects it ("cannot be set for a windows pod").',
      ignoredRestricted:
        '{{field}} has no effect on Windows: the Windows node ignores it ({{how}}). Set spec.os.name: windows and remove it: Pod Security "restricted" requires it only of pods that do not say they are Windows (policy version 1.25 and later), and once spec.os.name is windows the API server rejects it ("cannot be set for a windows pod").',
      privilegedRejected:
        'The API server rejects privileged on a Windows pod ({{how}}): "cannot be set for a windows pod". Windows has no privileged containers; use a HostProcess container (securityContext.windowsOptions.hostProcess: true with hostNetwork: true).',
      privilegedIgnored:
        'privileged: true does nothing on Windows ({{how}}): the {{owner}} runs unprivileged. Windows has no privileged containers; use a HostProcess container (securityContext.windowsOptions.hostProcess: true with hostNetwork: true).',
    },
    source: 'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go (validateWindows); https://kubernetes.io/docs/concepts/windows/intro/#api (API compatibility)',
    fixable: true,
  },
  sharedVisitor: true,
  windowsWorkloadsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const pod = windowsPodOf(context, workload);
        if (!pod) return;
        const severity = pod.declared ? 'error' : 'warning';
        const report = (path: string, field: string, owner: string, privilegedTrue = false) => {
          const restricted = RESTRICTED_CHECKS_SKIPPED_FOR_WINDOWS.some((name) => field.endsWith(name));
          const messageId = privilegedTrue ? (pod.declared ? 'privilegedRejected' : 'privilegedIgnored') : pod.declared ? 'rejected' : restricted ? 'ignoredRestricted' : 'ignored';
          context.report({ target: workload.source, messageId, path, severity, data: { field, how: pod.how, owner }, ...(pod.declared ? { stage: 'api-server' as const } : {}) });
        };
        const spec = workload.podSpec as Record<string, unknown>;
        for (const field of ['hostPID', 'hostIPC', 'hostUsers', 'shareProcessNamespace']) {
          if (counts(field, spec[field])) report(joinPointer(workload.specPointer, field), `spec.${field}`, 'pod');
        }
        const podSecurityContext = asRecord(spec.securityContext);
        if (podSecurityContext) {
          for (const field of WINDOWS_FORBIDDEN_POD_SECURITY_FIELDS) {
            if (counts(field, podSecurityContext[field])) report(joinPointer(workload.specPointer, 'securityContext', field), `spec.securityContext.${field}`, 'pod');
          }
        }
        for (const ref of containersOf(workload)) {
          const securityContext = asRecord(ref.container.securityContext);
          if (!securityContext) continue;
          for (const field of WINDOWS_FORBIDDEN_CONTAINER_SECURITY_FIELDS) {
            const value = securityContext[field];
            if (!counts(field, value)) continue;
            report(joinPointer(ref.path, 'securityContext', field), `${ref.group}[${ref.index}].securityContext.${field} (${describeOwner(ref)})`, describeOwner(ref), field === 'privileged' && value === true);
          }
        }
      },
    };
  },
};
