// The webhook's gMSA enforcement (policy `gmsa: enforce`): translates AdmissionRequests for Pods to the
// core's gMSA admission (src/gmsa/admission.ts) and its verdicts back to admission results. The
// GMSACredentialSpecs come from a watch; the only API call on the request path is the
// SubjectAccessReview, whose answers are cached briefly.
import { makeInformer } from '@kubernetes/client-node';
import type { Informer, KubernetesListObject, KubernetesObject, ObjectCache } from '@kubernetes/client-node';
import { analyseWorkload } from '../engine/analysis.js';
import { gmsaOptionsOf, mutateGmsa, usesGmsa, validateGmsaCreate, validateGmsaUpdate } from '../gmsa/admission.js';
import type { GmsaOptionsRef, GmsaVerdict, UseAuthorizer } from '../gmsa/admission.js';
import type { KubeObject } from '../kube/types.js';
import { osOfNode } from '../kube/nodes.js';
import { manifestObjectFromValue } from '../manifests/load.js';
import { workloadOf } from '../manifests/workloads.js';
import { createLiveClient } from '../live/client.js';
import type { LiveClient } from '../live/client.js';
import { loadKubeconfig } from '../live/kubeconfig.js';
import type { LoadedKubeconfig } from '../live/kubeconfig.js';
import { rbacFromObjects, rbacUseAuthorizer } from '../gmsa/rbac.js';
import { subjectAccessReviewAuthorizer } from '../gmsa/sar.js';
export { subjectAccessReviewAuthorizer } from '../gmsa/sar.js';
import { GMSA_CREDENTIAL_SPECS, apiVersionOf, pathOf } from '../live/resources.js';
import type { ClusterSnapshot } from './cluster-state.js';
import type { Logger } from './log.js';
import { silentLogger } from './log.js';
import type { WebhookPath } from './metrics.js';
import type { AdmissionResult } from './response.js';
import type { AdmissionRequest } from './review.js';

/** Where the GMSACredentialSpecs come from: undefined until they have been read. */
export interface GmsaSpecSource {
  specs(): ReadonlyMap<string, KubeObject> | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Fixed specs (tests, `--cluster FILE`). */
export class StaticGmsaSpecs implements GmsaSpecSource {
  private readonly byName: Map<string, KubeObject>;
  constructor(objects: Iterable<KubeObject>) {
    this.byName = new Map([...objects].filter((o) => o.kind === 'GMSACredentialSpec').map((o) => [String(o.metadata?.name ?? ''), o]));
  }
  specs(): ReadonlyMap<string, KubeObject> {
    return this.byName;
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

type Watched<T extends KubernetesObject> = Informer<T> & ObjectCache<T>;

/** GMSACredentialSpecs kept current by a watch, as the nodes are (src/live/informers.ts). */
export class WatchedGmsaSpecs implements GmsaSpecSource {
  private readonly informer: Watched<KubernetesObject>;
  private listed = false;
  private stopped = false;
  private current: Map<string, KubeObject> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(loaded: LoadedKubeconfig, client: LiveClient, private readonly logger: Logger = silentLogger, private readonly restartDelayMs = 5000) {
    this.informer = makeInformer<KubernetesObject>(loaded.kubeConfig, pathOf(GMSA_CREDENTIAL_SPECS), async (): Promise<KubernetesListObject<KubernetesObject>> => {
      const { items, resourceVersion } = await client.list<KubernetesObject>(GMSA_CREDENTIAL_SPECS);
      if (this.stopped) throw new Error('stopped');
      this.listed = true;
      return { apiVersion: apiVersionOf(GMSA_CREDENTIAL_SPECS), kind: 'GMSACredentialSpecList', metadata: { resourceVersion }, items };
    });
    const changed = () => this.rebuild();
    this.informer.on('add', changed);
    this.informer.on('update', changed);
    this.informer.on('delete', changed);
    this.informer.on('error', (error: unknown) => this.restart(error));
  }

  private rebuild(): void {
    if (!this.listed) return;
    this.current = new Map(this.informer.list().map((o) => [String(o.metadata?.name ?? ''), o as unknown as KubeObject]));
  }

  private restart(error: unknown): void {
    if (this.stopped) return;
    this.logger.warn('GMSACredentialSpec watch failed; restarting', { error: error instanceof Error ? error.message : String(error), inMs: this.restartDelayMs });
    this.timer = setTimeout(() => {
      if (!this.stopped) this.informer.start().then(() => this.rebuild(), (e: unknown) => this.restart(e));
    }, this.restartDelayMs);
    this.timer.unref();
  }

  specs(): ReadonlyMap<string, KubeObject> | undefined {
    return this.current;
  }

  async start(): Promise<void> {
    await this.informer.start().catch((error: unknown) => this.restart(error));
    this.rebuild();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.informer.stop();
  }
}

export interface GmsaEnforcement {
  specs: GmsaSpecSource;
  authorize: UseAuthorizer;
  /** Namespaces the webhook never judges (the policy's excludedNamespaces). */
  excludedNamespaces: readonly string[];
}

function isPodRequest(request: AdmissionRequest): boolean {
  return request.kind.kind === 'Pod' && request.resource.resource === 'pods' && (request.subResource === undefined || request.subResource === '' || request.subResource === 'ephemeralcontainers');
}

function asResult(verdict: GmsaVerdict, base: AdmissionResult): AdmissionResult {
  if (!verdict.allowed) {
    // Upstream's codes (403, 404, 417, 422, 503) in a denial the API server shows to the user.
    return { allowed: false, status: { code: verdict.code, message: `kube-hybrid gMSA: ${verdict.message}`, status: 'Failure', reason: verdict.code === 403 ? 'Forbidden' : undefined }, warnings: base.warnings };
  }
  if (verdict.patch.length === 0 && verdict.warnings.length === 0) return base;
  const out: AdmissionResult = { ...base, warnings: [...base.warnings, ...verdict.warnings] };
  if (verdict.patch.length > 0) out.patch = [...(base.patch ?? []), ...verdict.patch];
  return out;
}

/** Linux nodes of the cluster the pod may be scheduled on (the same placement analysis as the rules). */
function linuxNodesFor(pod: KubeObject, snapshot: ClusterSnapshot): string[] {
  const workload = workloadOf(manifestObjectFromValue(pod, 'admission:gmsa'));
  if (!workload) return [];
  return analyseWorkload(workload, snapshot.inputs).placement.eligible.filter((node) => osOfNode(node) === 'linux').map((node) => node.metadata.name);
}

/**
 * The hook the server calls after its own review: the gMSA verdict for a Pod request, merged into the
 * result (a denial replaces it; a patch is appended). Anything else passes through unchanged.
 */
export async function applyGmsaEnforcement(enforcement: GmsaEnforcement, path: WebhookPath, request: AdmissionRequest, snapshot: ClusterSnapshot, result: AdmissionResult): Promise<AdmissionResult> {
  if (!result.allowed || !isPodRequest(request) || !request.object) return result;
  const namespace = request.namespace ?? request.object.metadata?.namespace ?? 'default';
  if (enforcement.excludedNamespaces.includes(namespace)) return result;
  const pod = request.object;
  const specs = enforcement.specs.specs();
  if (request.operation === 'CREATE') {
    if (path === 'mutate') return asResult(mutateGmsa(pod, specs), result);
    const refs = gmsaOptionsOf(pod);
    if (!usesGmsa(refs)) return result;
    return asResult(await validateGmsaCreate(pod, { namespace, specs, authorize: enforcement.authorize, linuxNodes: linuxNodesFor(pod, snapshot) }, refs), result);
  }
  if (request.operation !== 'UPDATE' || !request.oldObject) return result;
  const { verdict, newEphemeral } = validateGmsaUpdate(pod, request.oldObject);
  if (path === 'mutate') return newEphemeral.length > 0 ? asResult(mutateGmsa(pod, specs, newEphemeral), result) : result;
  if (!verdict.allowed || newEphemeral.length === 0) return asResult(verdict, result);
  return asResult(await validateGmsaCreate(pod, { namespace, specs, authorize: enforcement.authorize }, newEphemeral as GmsaOptionsRef[]), result);
}

/** Enforcement against a file (`--cluster FILE`): its GMSACredentialSpecs, and its RBAC evaluated offline. */
export function staticGmsaEnforcement(objects: readonly KubeObject[], excludedNamespaces: readonly string[]): GmsaEnforcement {
  const authorize = rbacUseAuthorizer(rbacFromObjects(objects), 'no Roles or bindings in the --cluster file');
  return { specs: new StaticGmsaSpecs(objects), authorize, excludedNamespaces };
}

/** Enforcement against the live cluster: a watch of GMSACredentialSpecs and SubjectAccessReviews. */
export function liveGmsaEnforcement(options: { kubeconfig?: string; context?: string; env?: NodeJS.ProcessEnv }, logger: Logger, excludedNamespaces: readonly string[]): GmsaEnforcement {
  const loaded = loadKubeconfig({ kubeconfig: options.kubeconfig, context: options.context, env: options.env ?? process.env });
  // SubjectAccessReviews must answer well inside the webhook's timeout (5 s in our manifests).
  const client = createLiveClient(loaded, { timeoutMs: 3000 });
  return { specs: new WatchedGmsaSpecs(loaded, client, logger), authorize: subjectAccessReviewAuthorizer(client), excludedNamespaces };
}
