// The default plugins in upstream order, with their score weights
// (pkg/scheduler/apis/config/v1/default_plugins.go, getDefaultPlugins). Volume plugins, DynamicResources,
// SchedulingGates, PrioritySort, DefaultPreemption and DefaultBinder have no counterpart here: we read
// no volumes or claims, order pods ourselves (see simulate.ts), and never evict.
import type { WeightedPlugin } from '../framework/scheduler.js';
import { imageLocality } from './ImageLocality/index.js';
import { interPodAffinity } from './InterPodAffinity/index.js';
import { nodeAffinity } from './NodeAffinity/index.js';
import { nodeName } from './NodeName/index.js';
import { nodePorts } from './NodePorts/index.js';
import { nodeResourcesBalancedAllocation } from './NodeResourcesBalancedAllocation/index.js';
import { nodeResourcesFit } from './NodeResourcesFit/index.js';
import { nodeUnschedulable } from './NodeUnschedulable/index.js';
import { podTopologySpread } from './PodTopologySpread/index.js';
import { taintToleration } from './TaintToleration/index.js';

export const DEFAULT_PLUGINS: readonly WeightedPlugin[] = [
  { plugin: nodeUnschedulable, weight: 0 },
  { plugin: nodeName, weight: 0 },
  { plugin: taintToleration, weight: 3 },
  { plugin: nodeAffinity, weight: 2 },
  { plugin: nodePorts, weight: 0 },
  { plugin: nodeResourcesFit, weight: 1 },
  { plugin: podTopologySpread, weight: 2 },
  { plugin: interPodAffinity, weight: 2 },
  { plugin: nodeResourcesBalancedAllocation, weight: 1 },
  { plugin: imageLocality, weight: 1 },
];
