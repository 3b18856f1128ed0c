// Kubernetes semantics shared by every front end (check, simulate, webhook).
export * from './label-selector.js';
export * from './node-affinity.js';
export * from './taints.js';
export * from './runtime-class.js';
export * from './quantity.js';
export * from './requests.js';
