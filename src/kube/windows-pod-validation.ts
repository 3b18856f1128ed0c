// The securityContext fields the API server refuses on a Windows pod (spec.os.name: windows):
// validateWindows in pkg/apis/core/validation/validation.go, Forbidden "cannot be set for a windows pod".
// One list for the rule that reports them (windows-forbidden-field) and the change that removes the
// harmless ones (src/changes/containers.ts).

export const WINDOWS_FORBIDDEN_POD_SECURITY_FIELDS = [
  'appArmorProfile',
  'seLinuxOptions',
  'seccompProfile',
  'fsGroup',
  'fsGroupChangePolicy',
  'sysctls',
  'runAsUser',
  'runAsGroup',
  'supplementalGroups',
  'supplementalGroupsPolicy',
  'seLinuxChangePolicy',
] as const;

export const WINDOWS_FORBIDDEN_CONTAINER_SECURITY_FIELDS = [
  'appArmorProfile',
  'seLinuxOptions',
  'seccompProfile',
  'capabilities',
  'readOnlyRootFilesystem',
  'privileged',
  'allowPrivilegeEscalation',
  'procMount',
  'runAsUser',
  'runAsGroup',
] as const;
