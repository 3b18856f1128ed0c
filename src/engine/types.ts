// Findings and the shape of a rule (typescript-eslint style: id, meta, create(context)).
import type { Cluster } from '../cluster/model.js';
import type { ImageFactsByReference } from '../model/image-facts.js';
import type { RbacObjects } from '../gmsa/rbac.js';
import type { GmsaUseAnswers } from '../gmsa/live-use.js';
import type { KubeObject, RuntimeClass } from '../kube/types.js';
import type { ManifestObject } from '../manifests/types.js';
import type { Workload } from '../manifests/workloads.js';
import type { WorkloadAnalysis } from './analysis.js';

export type Severity = 'error' | 'warning' | 'info';
export type Category = 'placement' | 'image' | 'compatibility' | 'gmsa' | 'networking' | 'storage' | 'operations' | 'security' | 'lifecycle' | 'cluster';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** `--fail-on`: the lowest severity that fails a run, or none. */
export type FailOn = Severity | 'none';

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** True when a finding of `severity` fails a run with `--fail-on failOn` (at or above it). */
export function failsRun(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && SEVERITY_RANK[severity] >= SEVERITY_RANK[failOn];
}
export const CATEGORIES: readonly Category[] = ['placement', 'image', 'compatibility', 'gmsa', 'networking', 'storage', 'operations', 'security', 'lifecycle', 'cluster'];

/**
 * Where a problem stops the workload: the API server refuses the object (FailedCreate), the kubelet
 * cannot mount a volume (the pod stays ContainerCreating), or the runtime cannot create the container
 * (CreateContainerError). `simulate` turns findings into pod states by it.
 */
/** Where a finding stops the pod: the API server refuses it, a volume mount fails, the kubelet cannot build the container's config (CreateContainerConfigError), or the runtime cannot create it (CreateContainerError). */
export type FailureStage = 'api-server' | 'mount' | 'container-config' | 'container-create';

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  object: ObjectRef;
  /** RFC 6901 pointer into the object as written. */
  path: string;
  file: string;
  line: number;
  column: number;
  /** The message id inside the rule (tests assert on it). */
  messageId: string;
  /** Template named by Helm's `# Source:` comment. */
  helmSource?: string;
  /** Set on errors that stop the workload, for `simulate` (FailedCreate vs CreateContainerError). */
  stage?: FailureStage;
}

export interface RuleMeta {
  category: Category;
  defaultSeverity: Severity;
  /** One sentence: what the rule catches. */
  description: string;
  /** Message templates by id; `{{name}}` placeholders are filled from `data`. */
  messages: Record<string, string>;
  /** Where the fact the rule encodes comes from: full https URLs of the upstream file, docs page or issue. */
  source: string;
  fixable?: boolean;
}

/**
 * The cluster as objects, when it was read as objects (a NodeList file, `--cluster -`, a live cluster)
 * rather than built from a profile: what `cluster` rules judge and cite. Rules of category `cluster`
 * run only when this is present.
 */
export interface ClusterObjects {
  /** The Node objects (positions in the NodeList file; none for a live cluster). */
  nodes: readonly ManifestObject[];
  /** Namespace objects, when read (live clusters). */
  namespaces: readonly ManifestObject[];
  /** kube-apiserver's version (`/version` gitVersion, e.g. `v1.31.2`), when known. */
  serverVersion?: string;
  /**
   * `profile` when the nodes were built from a cluster profile (built-in or file): only what a profile
   * states is real (pools, OS, builds, labels, taints, allocatable, kubelet version); capacity and the
   * container runtime are filled in, so rules judging those skip profile nodes.
   */
  origin?: 'profile';
}

/** Everything in the input beyond workloads that rules may consult. */
export interface AnalysisInputs {
  cluster: Cluster;
  /** RuntimeClass objects: from the input, then the cluster's. By name. */
  runtimeClasses: ReadonlyMap<string, RuntimeClass>;
  /** GMSACredentialSpec objects from the input, by name. */
  gmsaCredentialSpecs: ReadonlyMap<string, KubeObject>;
  /** Registry facts when `--resolve-images` ran; tags are used otherwise. */
  imageFacts?: ImageFactsByReference;
  /** The day lifecycle rules compare dates with (YYYY-MM-DD, `--today`); unset = the real date. */
  today?: string;
  /** The cluster's own objects, for `cluster` rules (absent for profiles). */
  clusterObjects?: ClusterObjects;
  /** Roles, ClusterRoles and bindings of the input, when it has any: RBAC is then judged offline (gMSA `use`). */
  rbac?: RbacObjects;
  /** The Roles, ClusterRoles and their bindings of the input, as gathered (`rbac` is made from them). */
  rbacObjects?: ReadonlyMap<string, KubeObject>;
  /** The API server's answers to the gMSA `use` questions (live clusters); they win over `rbac`. */
  gmsaUse?: GmsaUseAnswers;
  /**
   * Every v1 Service of the input in input order, read before the rules run (a streamed `check`'s
   * first pass): `windows-service-unsupported` then pairs each workload with the Services as it is
   * visited, instead of remembering every workload for Services that come later.
   */
  services?: readonly InputService[];
}

/** What `windows-service-unsupported` reads of a Service, copied out of the file (rules/windows-service-unsupported.ts). */
export interface InputService {
  /** Where it was read: known again by these when it is visited. */
  file: string;
  documentIndex: number;
  basePointer: string;
  namespace: string | undefined;
  /** The selector, when it has one (a Service without one selects no pods). */
  selector: Record<string, string> | undefined;
  externalName: boolean;
  /** Settings Windows does not honour: timeoutSeconds set, sessionAffinity ClientIP, Local traffic policy, IPv6 only. */
  affinityTimeout: boolean;
  clientIpAffinity: boolean;
  localTrafficPolicy: boolean;
  ipv6Only: boolean;
}

export interface ReportDescriptor {
  /** The object the finding is about. */
  target: ManifestObject;
  messageId: string;
  data?: Record<string, string | number>;
  /** Pointer relative to the object. */
  path: string;
  /** Overrides the rule's default severity (e.g. an error where it fails, a warning where it is ignored). */
  severity?: Severity;
  /** Where the problem stops the workload, when it does. */
  stage?: FailureStage;
}

export interface RuleContext {
  readonly inputs: AnalysisInputs;
  /** Cached per workload: OS intent, effective pod spec, candidate nodes, images. */
  analysisOf(workload: Workload): WorkloadAnalysis;
  report(descriptor: ReportDescriptor): void;
}

export interface RuleVisitor {
  /** Once, before any object, when the cluster was read as objects (cluster rules). */
  cluster?(objects: ClusterObjects): void;
  /** Once, after every object was visited (rules that judge the workloads together). */
  end?(): void;
  /** Every object with a pod template (Pod, Deployment, …, CronJob). */
  workload?(workload: Workload): void;
  /** Every object, workloads included. */
  object?(object: ManifestObject): void;
}

export interface Rule {
  id: string;
  meta: RuleMeta;
  /**
   * True when `create` keeps nothing for the run (no maps, no values read from the inputs before a
   * visitor is called): the visitor is then made once and reused by every run, which matters to the
   * webhook, where every review is a run. Its context reaches the run being visited.
   */
  sharedVisitor?: boolean;
  /**
   * True when the `workload` visitor first asks the workload's analysis and does nothing (no finding,
   * nothing kept) unless the pod's OS is Windows: the engine then calls it for Windows workloads only
   * (most workloads are Linux ones; some twenty rules judge Windows pods alone).
   */
  windowsWorkloadsOnly?: boolean;
  /**
   * True when the `workload` visitor finds nothing (no finding, nothing kept, no analysis asked, unless
   * the rule is also windowsWorkloadsOnly, whose check comes first) in a pod template without a
   * windowsOptions object, neither the pod's nor any container's (securityContext.windowsOptions):
   * the engine then calls it only for workloads that have one (gMSA, runAsUserName and HostProcess
   * rules; hardly any workload has windowsOptions, and each rule called for every workload was a
   * visitor V8 had to compile).
   */
  windowsOptionsOnly?: boolean;
  /**
   * True when the `workload` visitor first asks the workload's analysis and does nothing unless one
   * of its images (analysis.images) is not known to be a Linux image: the engine then calls it only
   * for such workloads, asking the analysis where the rule would have (image build and pull rules).
   */
  windowsImagesOnly?: boolean;
  create(context: RuleContext): RuleVisitor;
}

/** Annotation an object uses to opt out of rules: `kube-hybrid.io/ignore: "rule-a,rule-b"` (or `*`). */
export const IGNORE_ANNOTATION = 'kube-hybrid.io/ignore';
