import type { Rule } from '../engine/types.js';
import type { ManifestObject } from '../manifests/types.js';
import type { Workload } from '../manifests/workloads.js';
import { asRecord, asString, asStringMap } from '../util/guards.js';

interface Problem {
  messageId: string;
  path: string;
}

function serviceProblems(service: ManifestObject): Problem[] {
  const spec = asRecord(service.object.spec);
  if (!spec) return [];
  const problems: Problem[] = [];
  if (asRecord(asRecord(spec.sessionAffinityConfig)?.clientIP)?.timeoutSeconds !== undefined) {
    problems.push({ messageId: 'sessionAffinityTimeout', path: '/spec/sessionAffinityConfig/clientIP/timeoutSeconds' });
  }
  if (spec.externalTrafficPolicy === 'Local') problems.push({ messageId: 'localTrafficPolicy', path: '/spec/externalTrafficPolicy' });
  const families = Array.isArray(spec.ipFamilies) ? spec.ipFamilies : [];
  if (families.length > 0 && families.every((f) => f === 'IPv6')) problems.push({ messageId: 'ipv6Only', path: '/spec/ipFamilies' });
  return problems;
}

function selects(service: ManifestObject, workload: Workload): boolean {
  const selector = asStringMap(asRecord(service.object.spec)?.selector);
  if (!selector || Object.keys(selector).length === 0) return false;
  const serviceNamespace = service.object.metadata?.namespace;
  if (typeof serviceNamespace === 'string' && workload.namespace !== undefined && serviceNamespace !== workload.namespace) return false;
  const labels = asStringMap(workload.podMetadata.labels) ?? {};
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/**
 * Kubernetes docs (Networking on Windows): Service settings Windows nodes do not honour, on Services whose selector matches
 * a Windows workload in the input. Services and workloads may come in any order, so each new one is
 * paired with those already seen.
 */
export const windowsServiceUnsupported: Rule = {
  id: 'windows-service-unsupported',
  meta: {
    category: 'networking',
    defaultSeverity: 'warning',
    description: 'A Service in front of Windows pods that uses a setting Windows nodes do not support (session affinity timeout, Local traffic policy without DSR, IPv6-only).',
    messages: {
      sessionAffinityTimeout:
        'Service selects Windows pods ({{workload}}), but sessionAffinityConfig.clientIP.timeoutSeconds is not supported on Windows: the maximum sticky time is not applied there. Remove it.',
      localTrafficPolicy:
        'Service selects Windows pods ({{workload}}): externalTrafficPolicy Local works on Windows only in DSR mode (kube-proxy --enable-dsr=true); without it the Local traffic policy is not supported.',
      ipv6Only:
        'Service selects Windows pods ({{workload}}) but is IPv6-only: Kubernetes on Windows does not support single-stack IPv6 (dual-stack works on l2bridge networks, not overlay). Use IPv4 or dual-stack.',
    },
    source: 'https://kubernetes.io/docs/concepts/services-networking/windows-networking/#load-balancing-and-services; https://kubernetes.io/docs/concepts/services-networking/windows-networking/#limitations; https://kubernetes.io/docs/concepts/windows/intro/',
  },
  create(context) {
    // Only Services with an unsupported setting are paired with workloads: most have none, and
    // pairing every Service with every workload is quadratic on large inputs.
    const services: { service: ManifestObject; problems: Problem[]; reported: Set<string> }[] = [];
    const windowsWorkloads: Workload[] = [];
    const check = (entry: (typeof services)[number], workload: Workload) => {
      if (!selects(entry.service, workload)) return;
      for (const problem of entry.problems) {
        if (entry.reported.has(problem.path)) continue;
        entry.reported.add(problem.path);
        context.report({ target: entry.service, messageId: problem.messageId, path: problem.path, data: { workload: `${workload.kind} ${workload.name}` } });
      }
    };
    return {
      object(object) {
        if (object.object.kind !== 'Service' || object.object.apiVersion !== 'v1') return;
        if (asString(asRecord(object.object.spec)?.type) === 'ExternalName') return;
        const problems = serviceProblems(object);
        if (problems.length === 0) return;
        const entry = { service: object, problems, reported: new Set<string>() };
        services.push(entry);
        for (const workload of windowsWorkloads) check(entry, workload);
      },
      workload(workload) {
        if (context.analysisOf(workload).osIntent.os !== 'windows') return;
        windowsWorkloads.push(workload);
        for (const entry of services) check(entry, workload);
      },
    };
  },
};
