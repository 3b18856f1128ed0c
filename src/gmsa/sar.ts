// `use` answers from the API server: LocalSubjectAccessReviews in the pod's namespace, as the
// windows-gmsa webhook asks them (admission-webhook/kube_client.go isAuthorizedToUseCredSpec, read
// 2026-11-30). Used by the webhook (gmsa: enforce) and by check/audit against a live cluster.
import type { LiveClient } from '../live/client.js';
import type { AuthorizationAnswer, UseAuthorizer } from './admission.js';
import type { ResourceAttributes, UserInfo } from './rbac.js';

export interface AuthorizerOptions {
  /** How long an answer is reused (ms); default 10 s. Errors are never cached. */
  ttlMs?: number;
  /** Most answers kept; default 10 000. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * `use` answers from LocalSubjectAccessReviews in the pod's namespace, as windows-gmsa asks them,
 * cached for a short while (the API server's own webhook authorizer caches too). Concurrent asks for
 * the same question share one review. A failed review rejects: the caller denies (fail closed).
 */
export function subjectAccessReviewAuthorizer(client: Pick<LiveClient, 'create'>, options: AuthorizerOptions = {}): UseAuthorizer & { cacheSize(): number } {
  const ttl = options.ttlMs ?? 10_000;
  const max = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; answer: Promise<AuthorizationAnswer> }>();
  const authorize = async (user: UserInfo, attributes: ResourceAttributes): Promise<AuthorizationAnswer> => {
    const key = JSON.stringify([user.name, user.groups, attributes]);
    const hit = cache.get(key);
    if (hit && now() - hit.at < ttl) return hit.answer;
    const namespace = attributes.namespace ?? 'default';
    const review = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'LocalSubjectAccessReview',
      metadata: { namespace },
      spec: {
        resourceAttributes: { namespace, verb: attributes.verb, group: attributes.apiGroup, resource: attributes.resource, name: attributes.name },
        user: user.name,
        groups: user.groups,
      },
    };
    const answer = client.create(`/apis/authorization.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/localsubjectaccessreviews`, review).then((body) => {
      const status = (body as { status?: { allowed?: boolean; denied?: boolean; reason?: string } }).status ?? {};
      const out: AuthorizationAnswer = { allowed: status.allowed === true && status.denied !== true };
      if (status.reason) out.reason = status.reason;
      return out;
    });
    if (cache.size >= max) cache.clear();
    cache.set(key, { at: now(), answer });
    answer.catch(() => cache.delete(key));
    return answer;
  };
  return Object.assign(authorize, { cacheSize: () => cache.size });
}

