import type { Rule } from '../engine/types.js';
import type { ManifestObject } from '../manifests/types.js';
import type { Workload } from '../manifests/workloads.js';
import { asRecord, asString, recordsIn } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { containersOf, describeOwner, windowsPodOf } from './helpers.js';
import type { WindowsPod } from './helpers.js';

/**
 * kubernetes.io/docs/concepts/services-networking/dns-pod-service ("DNS resolution on Windows nodes",
 * read 2026-11-30): a Windows pod has one DNS suffix, its namespace's (e.g. default.svc.cluster.local);
 * it resolves FQDNs and single-label names, "but not the partially qualified names
 * (kubernetes.default or kubernetes.default.svc)". windows-networking lists "Pod → Service (PQDN,
 * but only if there are no '.')".
 */
const LABEL = '[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?';
const PARTIAL_NAME = new RegExp(`(?:^|[^A-Za-z0-9.\\\\-])(${LABEL})\\.(${LABEL})(\\.svc)?(?=$|[:/\\s"',;)\\]])`, 'g');

interface Candidate {
  workload: Workload;
  pod: WindowsPod;
  owner: string;
  path: string;
  name: string;
  service: string;
  namespace: string;
}

/** `svc.ns` and `svc.ns.svc` names in a string (lower-case labels only, as Service and namespace names are). */
export function partialServiceNames(text: string): { name: string; service: string; namespace: string; svcSuffix: boolean }[] {
  const out: { name: string; service: string; namespace: string; svcSuffix: boolean }[] = [];
  // Most strings (env values, flags) hold no dot and so no such name. The rest are scanned with exec on
  // the one global RegExp: matchAll would build and initialise a copy of it on every call.
  if (!text.includes('.')) return out;
  PARTIAL_NAME.lastIndex = 0;
  for (let m = PARTIAL_NAME.exec(text); m !== null; m = PARTIAL_NAME.exec(text)) {
    out.push({ name: `${m[1]}.${m[2]}${m[3] ?? ''}`, service: m[1], namespace: m[2], svcSuffix: m[3] !== undefined });
  }
  return out;
}

/** Strings a container hands to the program: command, args and literal env values. */
function containerStrings(container: Record<string, unknown>, base: string): { text: string; path: string }[] {
  const out: { text: string; path: string }[] = [];
  for (const field of ['command', 'args']) {
    const list = container[field];
    if (Array.isArray(list)) list.forEach((item, index) => typeof item === 'string' && out.push({ text: item, path: joinPointer(base, field, index) }));
  }
  for (const { item, index } of recordsIn(container.env)) {
    const value = asString(item.value);
    if (value !== undefined) out.push({ text: value, path: joinPointer(base, 'env', index, 'value') });
  }
  return out;
}

export const windowsDnsSuffix: Rule = {
  id: 'windows-dns-suffix',
  meta: {
    category: 'networking',
    defaultSeverity: 'warning',
    description: 'A Windows pod that uses a partially qualified Service name (svc.namespace, svc.namespace.svc) or dnsConfig.searches: Windows pods have a single DNS suffix.',
    messages: {
      partialName:
        'The {{owner}} refers to "{{name}}" ({{how}}): a Windows pod has one DNS suffix, its own namespace\'s, and does not resolve partially qualified names such as "{{name}}". Use the full name {{fqdn}} (or the bare Service name within the same namespace).',
      searches:
        'dnsConfig.searches of a Windows pod ({{how}}): Windows pods have a single DNS suffix{{which}}, so {{ignored}} not searched. Use fully qualified names instead.',
    },
    source: 'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#dns-windows; https://kubernetes.io/docs/concepts/services-networking/windows-networking/ (read 2026-11-30)',
  },
  windowsWorkloadsOnly: true,
  create(context) {
    const services = new Set<string>();
    const waiting = new Map<string, Candidate[]>();
    // One finding per string: a workload's reported pointers.
    const reported = new WeakMap<Workload, Set<string>>();
    const report = (c: Candidate) => {
      const paths = reported.get(c.workload) ?? new Set<string>();
      reported.set(c.workload, paths);
      if (paths.has(c.path)) return;
      paths.add(c.path);
      const [service, namespace] = c.name.split('.');
      context.report({ target: c.workload.source, messageId: 'partialName', path: c.path, data: { owner: c.owner, name: c.name, how: c.pod.how, fqdn: `${service}.${namespace}.svc.cluster.local` } });
    };
    return {
      object(object: ManifestObject) {
        if (object.object.kind !== 'Service' || object.object.apiVersion !== 'v1') return;
        const name = asString(object.object.metadata?.name);
        const namespace = asString(object.object.metadata?.namespace) ?? 'default';
        if (!name) return;
        const key = `${name}.${namespace}`;
        services.add(key);
        const waited = waiting.get(key);
        if (waited === undefined) return;
        for (const candidate of waited) report(candidate);
        waiting.delete(key);
      },
      workload(workload) {
        const pod = windowsPodOf(context, workload);
        if (!pod) return;
        const dnsConfig = asRecord(asRecord(workload.podSpec)?.dnsConfig);
        const searches = Array.isArray(dnsConfig?.searches) ? dnsConfig.searches.filter((s) => typeof s === 'string') : [];
        // With dnsPolicy None the first search entry can be the one suffix; otherwise the namespace's is.
        const policyNone = workload.podSpec.dnsPolicy === 'None';
        if (searches.length > (policyNone ? 1 : 0)) {
          context.report({
            target: workload.source,
            messageId: 'searches',
            path: joinPointer(workload.specPointer, 'dnsConfig', 'searches', policyNone ? 1 : 0),
            data: {
              how: pod.how,
              which: policyNone ? '' : ' (its namespace\'s, e.g. <namespace>.svc.cluster.local)',
              ignored: policyNone ? `entries after "${String(searches[0])}" are` : searches.length === 1 ? `"${String(searches[0])}" is` : `these ${searches.length} entries are`,
            },
          });
        }
        for (const ref of containersOf(workload)) {
          for (const { text, path } of containerStrings(ref.container, ref.path)) {
            for (const found of partialServiceNames(text)) {
              const candidate: Candidate = { workload, pod, owner: describeOwner(ref), path, ...found };
              const key = `${found.service}.${found.namespace}`;
              // name.namespace.svc is unmistakable; name.namespace only when that Service is in the input.
              if (found.svcSuffix || services.has(key)) {
                report(candidate);
                break;
              }
              waiting.set(key, [...(waiting.get(key) ?? []), candidate]);
            }
          }
        }
      },
    };
  },
};
