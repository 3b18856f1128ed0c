// The rule registry: an explicit list, never a directory scan. Adding a rule = a module, an entry
// here, a docs page docs/rules/<id>.md, and tests (a test keeps the three in step).
import type { Rule } from '../engine/types.js';
import { imageOsMismatch } from './image-os-mismatch.js';
import { linuxWorkloadOnWindowsNode } from './linux-workload-on-windows-node.js';
import { noEligibleNode } from './no-eligible-node.js';
import { daemonSetRunsNowhere } from './daemonset-runs-nowhere.js';
import { osFieldContradictsSelector } from './os-field-contradicts-selector.js';
import { runtimeClassRejected } from './runtime-class-rejected.js';
import { windowsImageBuildMismatch } from './windows-image-build-mismatch.js';
import { windowsImageTag } from './windows-image-tag.js';
import { windowsWorkloadOnLinuxNode } from './windows-workload-on-linux-node.js';

// Windows compatibility rules (compatibility, gmsa, storage, networking, operations, security)
import { windowsForbiddenField } from './windows-forbidden-field.js';
import { windowsOptionsOnLinuxPod } from './windows-options-on-linux-pod.js';
import { hostProcessRequirements } from './host-process-requirements.js';
import { runAsUserNameInvalid } from './run-as-user-name-invalid.js';
import { windowsHugepages } from './windows-hugepages.js';
import { windowsTerminationMessagePath } from './windows-termination-message-path.js';
import { windowsEphemeralTargetContainer } from './windows-ephemeral-target-container.js';
import { windowsNanoserverTools } from './windows-nanoserver-tools.js';
import { gmsaCredentialSpecInvalid } from './gmsa-credential-spec-invalid.js';
import { gmsaCredentialSpecNotFound } from './gmsa-credential-spec-not-found.js';
import { gmsaCredentialSpecWithoutCredspec } from './gmsa-credential-spec-without-credspec.js';
import { gmsaOnLinuxPod } from './gmsa-on-linux-pod.js';
import { gmsaCredspecContent } from './gmsa-credspec-content.js';
import { gmsaServiceAccountCannotUse } from './gmsa-service-account-cannot-use.js';
import { gmsaPoolCannotServe } from './gmsa-pool-cannot-serve.js';
import { windowsUnsupportedVolume } from './windows-unsupported-volume.js';
import { windowsUnsupportedVolumeMount } from './windows-unsupported-volume-mount.js';
import { windowsVolumeFileMode } from './windows-volume-file-mode.js';
import { windowsLinuxHostPath } from './windows-linux-host-path.js';
import { windowsHostNetworking } from './windows-host-networking.js';
import { windowsHypervIsolationIgnored } from './windows-hyperv-isolation-ignored.js';
import { windowsServiceUnsupported } from './windows-service-unsupported.js';
import { windowsDnsSuffix } from './windows-dns-suffix.js';
import { windowsNetworkPolicyUnenforced } from './windows-network-policy-unenforced.js';
import { windowsMemoryLimit } from './windows-memory-limit.js';
import { windowsLivenessProbeStartup } from './windows-liveness-probe-startup.js';
import { windowsExecProbeCommand } from './windows-exec-probe-command.js';
import { windowsCpuRequest } from './windows-cpu-request.js';
import { windowsTzEnv } from './windows-tz-env.js';
import { windowsImagePullAlways } from './windows-image-pull-always.js';
import { windowsSecretOnNodeDisk } from './windows-secret-on-node-disk.js';
import { hostProcessPodSecurity } from './host-process-pod-security.js';
import { windowsRunAsNonRootAdministrator } from './windows-run-as-non-root-administrator.js';

// Lifecycle rules (issue 10): Windows Server builds against their platform's dates
import { windowsBuildRetired } from './windows-build-retired.js';
import { windowsBuildRetiring } from './windows-build-retiring.js';
import { windowsBuildKubernetesVersion } from './windows-build-kubernetes-version.js';
import { windowsImageBuildRetiring } from './windows-image-build-retiring.js';

// Cluster rules (category cluster): run when the cluster is a NodeList or live (issue 16)
import { noLinuxNode } from './no-linux-node.js';
import { windowsNodeContainerRuntime } from './windows-node-container-runtime.js';
import { kubeletVersionSkew } from './kubelet-version-skew.js';
import { windowsBuildLabelMissing } from './windows-build-label-missing.js';
import { windowsPoolMixedBuilds } from './windows-pool-mixed-builds.js';
import { windowsBuildUnpinned } from './windows-build-unpinned.js';
import { windowsNodeMemoryReserve } from './windows-node-memory-reserve.js';
import { hostProcessNamespacePodSecurity } from './host-process-namespace-pod-security.js';
import { windowsNodePodCapacity } from './windows-node-pod-capacity.js';
import { aksNodePoolConstraints } from './aks-node-pool-constraints.js';

export const RULES: readonly Rule[] = [
  // placement
  windowsWorkloadOnLinuxNode,
  linuxWorkloadOnWindowsNode,
  noEligibleNode,
  daemonSetRunsNowhere,
  osFieldContradictsSelector,
  runtimeClassRejected,
  // image
  windowsImageBuildMismatch,
  imageOsMismatch,
  windowsImageTag,
  // Windows compatibility: fields the pod's OS cannot honour
  windowsForbiddenField,
  windowsHypervIsolationIgnored,
  windowsOptionsOnLinuxPod,
  hostProcessRequirements,
  runAsUserNameInvalid,
  windowsHugepages,
  windowsTerminationMessagePath,
  windowsEphemeralTargetContainer,
  windowsNanoserverTools,
  // gmsa
  gmsaCredentialSpecInvalid,
  gmsaCredentialSpecNotFound,
  gmsaCredentialSpecWithoutCredspec,
  gmsaOnLinuxPod,
  gmsaCredspecContent,
  gmsaServiceAccountCannotUse,
  gmsaPoolCannotServe,
  // storage
  windowsUnsupportedVolume,
  windowsUnsupportedVolumeMount,
  windowsVolumeFileMode,
  windowsLinuxHostPath,
  // networking
  windowsHostNetworking,
  windowsServiceUnsupported,
  windowsDnsSuffix,
  windowsNetworkPolicyUnenforced,
  // operations
  windowsMemoryLimit,
  windowsLivenessProbeStartup,
  windowsExecProbeCommand,
  windowsCpuRequest,
  windowsTzEnv,
  windowsImagePullAlways,
  // security
  windowsSecretOnNodeDisk,
  hostProcessPodSecurity,
  windowsRunAsNonRootAdministrator,
  // lifecycle (issue 10)
  windowsBuildRetired,
  windowsBuildRetiring,
  windowsBuildKubernetesVersion,
  windowsImageBuildRetiring,
  // cluster (issue 16): the cluster's own objects, when it is a NodeList or live
  noLinuxNode,
  windowsNodeContainerRuntime,
  kubeletVersionSkew,
  windowsBuildLabelMissing,
  windowsPoolMixedBuilds,
  windowsBuildUnpinned,
  windowsNodeMemoryReserve,
  hostProcessNamespacePodSecurity,
  windowsNodePodCapacity,
  aksNodePoolConstraints,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.id, rule]));
