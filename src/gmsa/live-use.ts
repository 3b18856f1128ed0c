// check/audit against a live cluster: the `use` question of every gMSA pod answered by the API
// server (a SubjectAccessReview each, as the gMSA webhook would ask), before the rules run.
import type { ManifestObject } from '../manifests/types.js';
import { workloadOf } from '../manifests/workloads.js';
import { mapBounded } from '../live/client.js';
import type { AuthorizationAnswer, UseAuthorizer } from './admission.js';
import type { KubeObject } from '../kube/types.js';
import type { LiveClient } from '../live/client.js';
import { liveManifestObject } from '../live/objects.js';
import { subjectAccessReviewAuthorizer } from './sar.js';
import { gmsaUseAttributes, gmsaUseKey, serviceAccountOf, serviceAccountUser } from './rbac.js';
import { asRecord } from '../util/guards.js';

export interface GmsaUseQuestion {
  namespace: string;
  serviceAccount: string;
  name: string;
}

/** Answers by gmsaUseKey; a question whose review failed has no answer (the rule then says nothing). */
export type GmsaUseAnswers = ReadonlyMap<string, AuthorizationAnswer>;

export { gmsaUseKey };

type Json = Record<string, unknown>;

/** Every (namespace, service account, credential spec) the gMSA webhook would ask about, once each. */
export function gmsaUseQuestions(objects: readonly ManifestObject[]): GmsaUseQuestion[] {
  const out = new Map<string, GmsaUseQuestion>();
  for (const object of objects) {
    const workload = workloadOf(object);
    if (!workload) continue;
    const spec = workload.podSpec as unknown as Json;
    const namespace = workload.namespace ?? 'default';
    const serviceAccount = serviceAccountOf(spec);
    const names: unknown[] = [asRecord(asRecord(spec.securityContext)?.windowsOptions)?.gmsaCredentialSpecName];
    for (const group of ['containers', 'initContainers']) {
      for (const c of Array.isArray(spec[group]) ? (spec[group] as unknown[]) : []) names.push(asRecord(asRecord(asRecord(c)?.securityContext)?.windowsOptions)?.gmsaCredentialSpecName);
    }
    for (const name of names) {
      if (typeof name !== 'string' || name === '') continue;
      out.set(gmsaUseKey(namespace, serviceAccount, name), { namespace, serviceAccount, name });
    }
  }
  return [...out.values()];
}

export async function answerGmsaUse(questions: readonly GmsaUseQuestion[], authorize: UseAuthorizer, concurrency = 4): Promise<Map<string, AuthorizationAnswer>> {
  const answers = new Map<string, AuthorizationAnswer>();
  await mapBounded(questions, concurrency, async (q) => {
    try {
      answers.set(gmsaUseKey(q.namespace, q.serviceAccount, q.name), await authorize(serviceAccountUser(q.namespace, q.serviceAccount), gmsaUseAttributes(q.namespace, q.name)));
    } catch {
      // Not answered: no finding rather than a guess.
    }
  });
  return answers;
}

/** audit: the questions of the cluster's own workloads, answered by its SubjectAccessReviews. */
export async function liveGmsaUseAnswers(client: Pick<LiveClient, 'create'>, workloads: readonly KubeObject[]): Promise<Map<string, AuthorizationAnswer>> {
  const questions = gmsaUseQuestions(workloads.map(liveManifestObject));
  if (questions.length === 0) return new Map();
  return answerGmsaUse(questions, subjectAccessReviewAuthorizer(client));
}
