import type { Rule } from '../engine/types.js';
import type { ManifestObject } from '../manifests/types.js';
import { joinPointer } from '../util/pointer.js';
import { hostProcessContainers, windowsOptionsOf } from './helpers.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const REJECTING = new Set(['baseline', 'restricted']);

/** Cluster rule: Pod Security Admission in enforce mode rejects HostProcess pods below `privileged`. */
export const hostProcessNamespacePodSecurity: Rule = {
  id: 'host-process-namespace-pod-security',
  meta: {
    category: 'cluster',
    defaultSeverity: 'error',
    description: 'A HostProcess workload in a namespace whose Pod Security enforce level (baseline or restricted) rejects it.',
    messages: {
      rejected:
        'Namespace {{namespace}} enforces Pod Security level "{{level}}" ({{label}}), which forbids hostProcess: Pod Security Admission rejects this {{kind}}\'s pods at creation ({{effect}}). Run it in a namespace labelled pod-security.kubernetes.io/enforce: privileged, or exempt it in the admission configuration.',
    },
    source: 'https://kubernetes.io/docs/concepts/security/pod-security-standards (Baseline: HostProcess forbidden); https://kubernetes.io/docs/concepts/security/pod-security-admission (namespace labels pod-security.kubernetes.io/enforce)',
  },
  windowsOptionsOnly: true,
  create(context) {
    const namespaces = new Map<string, ManifestObject>();
    return {
      cluster(objects) {
        for (const ns of objects.namespaces) {
          const name = ns.object.metadata?.name;
          if (typeof name === 'string') namespaces.set(name, ns);
        }
      },
      workload(workload) {
        if (namespaces.size === 0) return;
        const first = hostProcessContainers(workload).find((c) => c.hostProcess);
        if (!first) return;
        const namespace = workload.namespace ?? 'default';
        const level = namespaces.get(namespace)?.object.metadata?.labels?.[ENFORCE];
        if (!level || !REJECTING.has(level)) return;
        const path = first.own !== undefined
          ? joinPointer(first.ref.path, 'securityContext', 'windowsOptions', 'hostProcess')
          : windowsOptionsOf(workload.podSpec.securityContext) ? joinPointer(workload.specPointer, 'securityContext', 'windowsOptions', 'hostProcess') : workload.specPointer;
        const effect = workload.kind === 'Pod' ? 'the pod is refused' : 'its controller reports FailedCreate and no pod appears';
        context.report({ target: workload.source, messageId: 'rejected', path, data: { namespace, level, label: `${ENFORCE}=${level}`, kind: workload.kind, effect } });
      },
    };
  },
};
