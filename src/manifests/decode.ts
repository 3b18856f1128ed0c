// The pod template as the API server would decode it, read once at the boundary between the YAML as
// written and every analysis (rules, the scheduler, the webhook): a `- ` with nothing after it, a
// number where a string belongs or a string where a list belongs is turned into what decoding makes
// of it, and said, so that nothing downstream meets a value its type does not allow.
//
// What the API server does (k8s.io/apimachinery/pkg/util/json → sigs.k8s.io/json, a case-sensitive
// encoding/json; types in k8s.io/api/core/v1/types.go):
// - `null` for a field is the field left out: nothing to say.
// - `null` as an entry of a list of structs decodes to the zero struct (encoding/json leaves a struct
//   untouched for null), which validation then judges: a zero Toleration fails "operator must be
//   Exists when `key` is empty", a zero Container, Volume, EnvVar, VolumeMount fails "name: Required
//   value" (pkg/apis/core/validation/validation.go: validateTolerations, validateContainers,
//   ValidateVolumes, validateEnv, ValidateVolumeMounts). We keep the entry as `{}` so every pointer
//   into the list still names the entry the user wrote, and report it as an error.
// - `null` as an entry of a list of strings decodes to "" (encoding/json leaves the string empty).
// - A value of the wrong JSON type fails decoding of the whole object ("json: cannot unmarshal number
//   into Go struct field Toleration.spec.tolerations.key of type string"): the API server refuses it.
//   We report it as an error at the field and analyse the object without that value (a wrong-typed
//   list entry keeps its index: a scalar stays and is skipped by every reader, a list becomes {}).
import type { ObjectMeta, PodSpec } from '../kube/types.js';
import { isRecord } from '../util/guards.js';

export type DecodeSeverity = 'error' | 'info';

export interface DecodeIssue {
  severity: DecodeSeverity;
  /** Pointer relative to the object, RFC 6901. */
  pointer: string;
  message: string;
}

type Scalar = 'string' | 'boolean' | 'integer' | 'quantity' | 'int-or-string';

/** An object type: its name as a person says it, what validation makes of the zero value, its fields. */
interface StructShape {
  kind: 'struct';
  name: string;
  /** What validation says about the zero value (undefined: it is accepted). */
  zero?: string;
  fields: () => Record<string, Shape>;
}

type Shape =
  | Scalar
  | StructShape
  | { kind: 'list'; of: Shape }
  | { kind: 'map'; of: Scalar }
  /** An object whose members we do not read: only its being an object is checked. */
  | 'object';

const list = (of: Shape): Shape => ({ kind: 'list', of });
const map = (of: Scalar): Shape => ({ kind: 'map', of });
const struct = (name: string, fields: () => Record<string, Shape>, zero?: string): StructShape => ({ kind: 'struct', name, fields, ...(zero ? { zero } : {}) });

// Validation texts quoted from pkg/apis/core/validation/validation.go and
// staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go.
const NAME_REQUIRED = 'name: Required value';
const KEY_INVALID = 'key: Invalid value: "": name part must be non-empty';

const labelSelectorRequirement = struct('label selector requirement', () => ({ key: 'string', operator: 'string', values: list('string') }), `${KEY_INVALID}; operator: "" is not a valid selector operator`);
const labelSelector = struct('label selector', () => ({ matchLabels: map('string'), matchExpressions: list(labelSelectorRequirement) }));
const nodeSelectorRequirement = struct('node selector requirement', () => ({ key: 'string', operator: 'string', values: list('string') }), `${KEY_INVALID}; operator: Unsupported value: ""`);
const nodeSelectorTerm = struct('node selector term', () => ({ matchExpressions: list(nodeSelectorRequirement), matchFields: list(nodeSelectorRequirement) }), 'an empty term matches no node');
const podAffinityTerm = struct('pod affinity term', () => ({
  labelSelector,
  namespaceSelector: labelSelector,
  namespaces: list('string'),
  topologyKey: 'string',
  matchLabelKeys: list('string'),
  mismatchLabelKeys: list('string'),
}), 'topologyKey: Required value: can not be empty');
const podAffinity = struct('pod affinity', () => ({
  requiredDuringSchedulingIgnoredDuringExecution: list(podAffinityTerm),
  preferredDuringSchedulingIgnoredDuringExecution: list(struct('weighted pod affinity term', () => ({ weight: 'integer', podAffinityTerm }), 'weight: Invalid value: 0: must be in the range 1-100')),
}));
const affinity = struct('affinity', () => ({
  nodeAffinity: struct('node affinity', () => ({
    requiredDuringSchedulingIgnoredDuringExecution: struct('node selector', () => ({ nodeSelectorTerms: list(nodeSelectorTerm) })),
    preferredDuringSchedulingIgnoredDuringExecution: list(struct('preferred scheduling term', () => ({ weight: 'integer', preference: nodeSelectorTerm }), 'weight: Invalid value: 0: must be in the range 1-100')),
  })),
  podAffinity,
  podAntiAffinity: podAffinity,
}));
const windowsOptions = struct('Windows options', () => ({ gmsaCredentialSpecName: 'string', gmsaCredentialSpec: 'string', runAsUserName: 'string', hostProcess: 'boolean' }));
const seccompProfile = struct('seccomp profile', () => ({ type: 'string', localhostProfile: 'string' }));
const seLinuxOptions = struct('SELinux options', () => ({ user: 'string', role: 'string', type: 'string', level: 'string' }));
const containerSecurityContext = struct('security context', () => ({
  privileged: 'boolean',
  allowPrivilegeEscalation: 'boolean',
  readOnlyRootFilesystem: 'boolean',
  runAsUser: 'integer',
  runAsGroup: 'integer',
  runAsNonRoot: 'boolean',
  procMount: 'string',
  capabilities: struct('capabilities', () => ({ add: list('string'), drop: list('string') })),
  windowsOptions,
  seLinuxOptions,
  seccompProfile,
  appArmorProfile: 'object',
}));
const podSecurityContext = struct('pod security context', () => ({
  windowsOptions,
  runAsUser: 'integer',
  runAsGroup: 'integer',
  runAsNonRoot: 'boolean',
  fsGroup: 'integer',
  fsGroupChangePolicy: 'string',
  supplementalGroups: list('integer'),
  sysctls: list(struct('sysctl', () => ({ name: 'string', value: 'string' }), 'name: Required value')),
  seLinuxOptions,
  seccompProfile,
  appArmorProfile: 'object',
}));
const keyToPath = struct('key-to-path item', () => ({ key: 'string', path: 'string', mode: 'integer' }), 'key: Required value; path: Required value');
const volume = struct('volume', () => ({
  name: 'string',
  hostPath: struct('hostPath source', () => ({ path: 'string', type: 'string' })),
  emptyDir: struct('emptyDir source', () => ({ medium: 'string', sizeLimit: 'quantity' })),
  configMap: struct('configMap source', () => ({ name: 'string', items: list(keyToPath), optional: 'boolean', defaultMode: 'integer' })),
  secret: struct('secret source', () => ({ secretName: 'string', items: list(keyToPath), optional: 'boolean', defaultMode: 'integer' })),
  persistentVolumeClaim: struct('persistentVolumeClaim source', () => ({ claimName: 'string', readOnly: 'boolean' })),
  csi: struct('CSI source', () => ({ driver: 'string', readOnly: 'boolean', fsType: 'string', volumeAttributes: map('string') })),
  projected: struct('projected source', () => ({ sources: list('object'), defaultMode: 'integer' })),
}), `${NAME_REQUIRED}; must specify a volume type`);
const envVar = struct('environment variable', () => ({ name: 'string', value: 'string', valueFrom: 'object' }), NAME_REQUIRED);
const container = struct('container', () => ({
  name: 'string',
  image: 'string',
  imagePullPolicy: 'string',
  command: list('string'),
  args: list('string'),
  workingDir: 'string',
  env: list(envVar),
  envFrom: list(struct('envFrom source', () => ({ prefix: 'string', configMapRef: 'object', secretRef: 'object' }), 'must specify one of: `configMapRef` or `secretRef`')),
  ports: list(struct('container port', () => ({ name: 'string', containerPort: 'integer', hostPort: 'integer', protocol: 'string', hostIP: 'string' }), 'containerPort: Required value')),
  resources: struct('resource requirements', () => ({ requests: map('quantity'), limits: map('quantity'), claims: list(struct('resource claim', () => ({ name: 'string' }), NAME_REQUIRED)) })),
  volumeMounts: list(struct('volume mount', () => ({ name: 'string', mountPath: 'string', subPath: 'string', subPathExpr: 'string', mountPropagation: 'string', readOnly: 'boolean' }), `${NAME_REQUIRED}; mountPath: Required value`)),
  volumeDevices: list(struct('volume device', () => ({ name: 'string', devicePath: 'string' }), NAME_REQUIRED)),
  securityContext: containerSecurityContext,
  livenessProbe: 'object',
  readinessProbe: 'object',
  startupProbe: 'object',
  lifecycle: 'object',
  restartPolicy: 'string',
  terminationMessagePath: 'string',
  terminationMessagePolicy: 'string',
  stdin: 'boolean',
  tty: 'boolean',
}), `${NAME_REQUIRED}; image: Required value`);
const toleration = struct('toleration', () => ({ key: 'string', operator: 'string', value: 'string', effect: 'string', tolerationSeconds: 'integer' }), 'operator must be Exists when `key` is empty, which means "match all values and all keys"');

const podSpec = struct('pod spec', () => ({
  containers: list(container),
  initContainers: list(container),
  ephemeralContainers: list(container),
  volumes: list(volume),
  tolerations: list(toleration),
  nodeSelector: map('string'),
  affinity,
  topologySpreadConstraints: list(struct('topology spread constraint', () => ({
    maxSkew: 'integer',
    topologyKey: 'string',
    whenUnsatisfiable: 'string',
    labelSelector,
    minDomains: 'integer',
    nodeAffinityPolicy: 'string',
    nodeTaintsPolicy: 'string',
    matchLabelKeys: list('string'),
  }), 'maxSkew: Invalid value: 0: must be greater than zero; topologyKey: Required value')),
  securityContext: podSecurityContext,
  os: struct('pod OS', () => ({ name: 'string' })),
  runtimeClassName: 'string',
  nodeName: 'string',
  schedulerName: 'string',
  priorityClassName: 'string',
  serviceAccountName: 'string',
  serviceAccount: 'string',
  hostname: 'string',
  subdomain: 'string',
  dnsPolicy: 'string',
  restartPolicy: 'string',
  preemptionPolicy: 'string',
  hostNetwork: 'boolean',
  hostPID: 'boolean',
  hostIPC: 'boolean',
  hostUsers: 'boolean',
  shareProcessNamespace: 'boolean',
  automountServiceAccountToken: 'boolean',
  enableServiceLinks: 'boolean',
  priority: 'integer',
  terminationGracePeriodSeconds: 'integer',
  activeDeadlineSeconds: 'integer',
  // The API server accepts an empty pull-secret name with a warning (pkg/api/pod/warnings.go).
  imagePullSecrets: list(struct('image pull secret', () => ({ name: 'string' }))),
  hostAliases: list(struct('host alias', () => ({ ip: 'string', hostnames: list('string') }), 'ip: Required value')),
  overhead: map('quantity'),
  dnsConfig: struct('DNS config', () => ({ nameservers: list('string'), searches: list('string'), options: list(struct('DNS option', () => ({ name: 'string', value: 'string' }))) })),
  readinessGates: list(struct('readiness gate', () => ({ conditionType: 'string' }), 'conditionType: Required value')),
  schedulingGates: list(struct('scheduling gate', () => ({ name: 'string' }), NAME_REQUIRED)),
  resourceClaims: list('object'),
  resources: struct('pod resource requirements', () => ({ requests: map('quantity'), limits: map('quantity') })),
}));

const objectMeta = struct('object metadata', () => ({
  name: 'string',
  generateName: 'string',
  namespace: 'string',
  labels: map('string'),
  annotations: map('string'),
}));

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value}`;
}

function scalarFits(shape: Scalar, value: unknown): boolean {
  switch (shape) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'quantity':
    case 'int-or-string':
      // resource.Quantity and intstr.IntOrString unmarshal from a JSON string or number.
      return typeof value === 'string' || typeof value === 'number';
  }
}

const SCALAR_WORDS: Record<Scalar, string> = { string: 'a string', boolean: 'true or false', integer: 'an integer', quantity: 'a quantity (string or number)', 'int-or-string': 'an integer or a string' };

function expected(shape: Shape): string {
  if (typeof shape === 'string') return shape === 'object' ? 'an object' : SCALAR_WORDS[shape];
  if (shape.kind === 'list') return 'a list';
  if (shape.kind === 'map') return 'a map';
  return `an object (${shape.name})`;
}

/** `spec.template.spec.tolerations[0]` for a pointer. */
export function fieldPathOf(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(token) ? `[${token}]` : out === '' ? token : `.${token}`;
  }
  return out;
}

function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * One decoding walk. The pointer of the value being decoded is kept as a stack of tokens and made
 * into a string only when an issue names it: a clean manifest builds no pointer at all (building one
 * per field walked was a sixth of the decoder's time in the webhook's profile).
 */
interface Walk {
  issues: DecodeIssue[];
  /** Pointer of the walk's root (the pod spec or its metadata), relative to the object. */
  base: string;
  /** Tokens from the root to the value being decoded (unescaped keys, list indexes). */
  tokens: (string | number)[];
}

function pointerOf(walk: Walk): string {
  let out = walk.base;
  for (const token of walk.tokens) out += `/${typeof token === 'number' ? token : escapeToken(token)}`;
  return out;
}

function wrongType(walk: Walk, shape: Shape, value: unknown, then: string): void {
  const pointer = pointerOf(walk);
  walk.issues.push({
    severity: 'error',
    pointer,
    message: `${fieldPathOf(pointer)}: expected ${expected(shape)}, found ${jsonTypeOf(value)}: the API server cannot decode the object and refuses it; analysed ${then}`,
  });
}

/** The value as decoded; `undefined` means "as if the field were not written". Copies only what changes. */
function decodeValue(walk: Walk, shape: Shape, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof shape === 'string') {
    if (shape === 'object') {
      if (isRecord(value)) return value;
      wrongType(walk, shape, value, 'without it');
      return undefined;
    }
    if (scalarFits(shape, value)) return value;
    wrongType(walk, shape, value, 'without it');
    return undefined;
  }
  if (shape.kind === 'struct') {
    if (!isRecord(value)) {
      wrongType(walk, shape, value, 'without it');
      return undefined;
    }
    return decodeStruct(walk, shape, value);
  }
  if (shape.kind === 'map') {
    if (!isRecord(value)) {
      wrongType(walk, shape, value, 'without it');
      return undefined;
    }
    let out: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      const member = value[key];
      // A null map value decodes to the zero value ("" for a string map; a zero Quantity).
      let decoded: unknown = member;
      if (member === null) decoded = shape.of === 'quantity' ? '0' : '';
      else if (!scalarFits(shape.of, member)) {
        walk.tokens.push(key);
        wrongType(walk, shape.of, member, 'without this entry');
        walk.tokens.pop();
        decoded = undefined;
      }
      if (decoded !== member) {
        out ??= { ...value };
        if (decoded === undefined) delete out[key];
        else out[key] = decoded;
      }
    }
    return out ?? value;
  }
  // A list.
  if (!Array.isArray(value)) {
    wrongType(walk, shape, value, 'without it');
    return undefined;
  }
  let out: unknown[] | undefined;
  const item = shape.of;
  for (let i = 0; i < value.length; i++) {
    const entry: unknown = value[i];
    walk.tokens.push(i);
    let decoded: unknown;
    if (entry === null || entry === undefined) {
      decoded = zeroOf(item);
      walk.issues.push(nullEntryIssue(item, pointerOf(walk)));
    } else if (typeof item !== 'string' && item.kind === 'struct' && !isRecord(entry)) {
      // A scalar stays as written: every reader skips entries that are not objects, and making it an
      // empty entry would invent a nameless container or toleration to report on. A list would be
      // read as an object by a careless `entry.values` (Array.prototype.values): it becomes {}.
      if (Array.isArray(entry)) {
        wrongType(walk, item, entry, `as an empty ${item.name}`);
        decoded = {};
      } else {
        wrongType(walk, item, entry, 'without this entry');
        decoded = entry;
      }
    } else {
      decoded = decodeValue(walk, item, entry);
      if (decoded === undefined) decoded = zeroOf(item);
    }
    walk.tokens.pop();
    if (decoded !== entry) {
      out ??= value.slice();
      out[i] = decoded;
    }
  }
  return out ?? value;
}

function zeroOf(shape: Shape): unknown {
  if (typeof shape === 'string') {
    if (shape === 'string' || shape === 'int-or-string') return '';
    if (shape === 'boolean') return false;
    if (shape === 'integer') return 0;
    if (shape === 'quantity') return '0';
    return {};
  }
  if (shape.kind === 'list') return [];
  return {};
}

function nullEntryIssue(shape: Shape, pointer: string): DecodeIssue {
  const field = fieldPathOf(pointer);
  if (typeof shape !== 'string' && shape.kind === 'struct') {
    if (shape.zero) return { severity: 'error', pointer, message: `${field} is null: the API server decodes it as an empty ${shape.name}, which validation rejects (${shape.zero})` };
    return { severity: 'info', pointer, message: `${field} is null: the API server decodes it as an empty ${shape.name}` };
  }
  if (shape === 'object') return { severity: 'info', pointer, message: `${field} is null: the API server decodes it as an empty object` };
  return { severity: 'info', pointer, message: `${field} is null: the API server decodes it as ${JSON.stringify(zeroOf(shape))}` };
}

/** A struct's fields by name, with their rank in the shape (the order issues are reported in). */
type FieldIndex = Map<string, { shape: Shape; rank: number }>;

const fieldIndexes = new WeakMap<StructShape, FieldIndex>();

/** Made once per shape (`fields()` builds a new record on every call). */
function fieldIndexOf(shape: StructShape): FieldIndex {
  let index = fieldIndexes.get(shape);
  if (!index) {
    index = new Map();
    let rank = 0;
    for (const [key, fieldShape] of Object.entries(shape.fields())) index.set(key, { shape: fieldShape, rank: rank++ });
    fieldIndexes.set(shape, index);
  }
  return index;
}

/** Where one field's issues sit in `walk.issues`, to put them back in the shape's field order. */
interface IssueRun {
  rank: number;
  start: number;
  end: number;
}

function decodeStruct(walk: Walk, shape: StructShape, value: Record<string, unknown>): Record<string, unknown> {
  const index = fieldIndexOf(shape);
  let out: Record<string, unknown> | undefined;
  let runs: IssueRun[] | undefined;
  // The value's own keys (a handful) rather than the shape's (up to fifty): issues come out in the
  // value's key order and are put back in the shape's order below, as reported before.
  for (const key of Object.keys(value)) {
    const field = index.get(key);
    if (field === undefined) continue;
    const member = value[key];
    const before = walk.issues.length;
    walk.tokens.push(key);
    const decoded = decodeValue(walk, field.shape, member);
    walk.tokens.pop();
    if (walk.issues.length !== before) (runs ??= []).push({ rank: field.rank, start: before, end: walk.issues.length });
    if (decoded !== member) {
      out ??= { ...value };
      if (decoded === undefined) delete out[key];
      else out[key] = decoded;
    }
  }
  if (runs !== undefined && runs.length > 1) reorderIssues(walk.issues, runs);
  return out ?? value;
}

/** Puts the runs of issues (contiguous, from runs[0].start to the end) in the order of their fields' ranks. */
function reorderIssues(issues: DecodeIssue[], runs: IssueRun[]): void {
  const first = runs[0].start;
  const sorted = runs.slice().sort((a, b) => a.rank - b.rank);
  const reordered: DecodeIssue[] = [];
  for (const run of sorted) for (let i = run.start; i < run.end; i++) reordered.push(issues[i]);
  for (let i = 0; i < reordered.length; i++) issues[first + i] = reordered[i];
}

export interface DecodedTemplate {
  spec: PodSpec;
  metadata: ObjectMeta;
  issues: DecodeIssue[];
}

/**
 * The pod template's spec and metadata as the API server would decode them; pointers are relative
 * to the object (`specPointer`, `metadataPointer`). Values that decode unchanged are returned as
 * they are (no copy), so a clean manifest costs one walk and no allocation.
 */
export function decodePodTemplate(spec: Record<string, unknown>, specPointer: string, metadata: Record<string, unknown>, metadataPointer: string): DecodedTemplate {
  const walk: Walk = { issues: [], base: specPointer, tokens: [] };
  const decodedSpec = decodeStruct(walk, podSpec, spec);
  walk.base = metadataPointer;
  const decodedMetadata = decodeStruct(walk, objectMeta, metadata);
  return { spec: decodedSpec as PodSpec, metadata: decodedMetadata as ObjectMeta, issues: walk.issues };
}
