// A HostProcess DaemonSet shaped like windows_exporter's: a Nano Server init container and the
// exporter, both HostProcess through the pod's windowsOptions. Rules that read images or commands
// use it to show HostProcess containers are judged on the host, not by their image's build.
export function hostProcessDaemonSet(options: { initImage: string; initCommand: string; image: string }): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: exporter }
spec:
  template:
    spec:
      nodeSelector: { kubernetes.io/os: windows }
      hostNetwork: true
      securityContext: { windowsOptions: { hostProcess: true, runAsUserName: "NT AUTHORITY\\\\system" } }
      initContainers: [{ name: configure-firewall, image: ${options.initImage}, command: [${options.initCommand}] }]
      containers: [{ name: exporter, image: ${options.image} }]
`;
}
