// Windows HostProcess as the API defines it: a container is HostProcess by its own
// securityContext.windowsOptions.hostProcess, else the pod's (validation.go validateWindowsHostProcessPod).
import { asRecord } from '../util/guards.js';

/** windowsOptions.hostProcess of a pod or container securityContext, when it is a boolean. */
export function hostProcessValueOf(securityContext: unknown): boolean | undefined {
  const value = asRecord(asRecord(securityContext)?.windowsOptions)?.hostProcess;
  return typeof value === 'boolean' ? value : undefined;
}
