// The webhook's JSON Patch builder is the one the safe changes use (src/changes/).
export { JsonPatchBuilder } from '../changes/json-patch.js';
export type { JsonPatchOperation } from '../changes/json-patch.js';
