// The catalogue of errors Windows nodes produce (HCS, hcsshim, containerd, HNS/HCN, kube-proxy on
// Windows, the kubelet, image pulls, exec probes, gMSA/CCG, DNS), for `kube-hybrid explain`.
// Each entry: a matcher whose named groups capture the variable parts, the cause in plain words, the
// fix, the rules of `check` that predict it, and where users hit it (public threads and upstream docs,
// read on the date given). Kubernetes' own messages (FailedScheduling reasons, API-server and
// admission rejections) live in src/explain/kube-errors.ts, built on the reason constants in kube/ and
// scheduler/.

export type ErrorOrigin =
  | 'hcs'
  | 'hcsshim'
  | 'containerd'
  | 'hns'
  | 'kube-proxy'
  | 'kubelet'
  | 'image-pull'
  | 'exec-probe'
  | 'gmsa'
  | 'dns'
  | 'kube-scheduler'
  | 'kube-apiserver'
  | 'cloud';

export interface ErrorSource {
  url: string;
  /** The date the source was read (YYYY-MM-DD). */
  read: string;
}

export interface CatalogueEntry {
  id: string;
  origin: ErrorOrigin;
  /** Short name of the problem. */
  title: string;
  /** Matches the message; named groups are the variable parts (image, build, node, taint, code…). */
  pattern: RegExp;
  /** What happened, in plain words. `{{name}}` is replaced by a captured group when present. */
  cause: string;
  /** What to do. Same placeholders. */
  fix: string;
  /** Rules of `kube-hybrid check` that predict this error from the manifests (empty: a node or cluster condition). */
  rules: readonly string[];
  sources: readonly ErrorSource[];
}

const READ = '2026-11-30';
const gh = (path: string): ErrorSource => ({ url: `https://github.com/${path}`, read: READ });
const web = (url: string): ErrorSource => ({ url, read: READ });

const HCS_CODES = web('https://learn.microsoft.com/en-us/virtualization/api/hcs/reference/hcshresult');
const VERSION_COMPAT = web('https://learn.microsoft.com/en-us/virtualization/windowscontainers/deploy-containers/version-compatibility');
const K8S_GMSA = web('https://kubernetes.io/docs/tasks/configure-pod-container/configure-gmsa/');
const GMSA_TROUBLESHOOTING = web('https://learn.microsoft.com/en-us/virtualization/windowscontainers/manage-containers/gmsa-troubleshooting');

export const WINDOWS_ERRORS: readonly CatalogueEntry[] = [
  // --- image pulls ------------------------------------------------------------------------------
  {
    id: 'no-match-for-platform',
    origin: 'containerd',
    title: 'The image has no variant for this node\'s OS or Windows build',
    pattern: /(?:failed to pull and unpack image "(?<image>[^"]+)": )?no match for platform in manifest(?:: not found)?/,
    cause:
      'containerd found no entry in the image index of {{image}} for the node\'s platform. On a Windows node this means the image is Linux-only, or its Windows builds are all for another Windows Server release than the node\'s (an ltsc2022 image on a Windows Server 2019 node, for example). On a Linux node it means the image is Windows-only.',
    fix:
      'Schedule the pod onto nodes the image was built for (nodeSelector kubernetes.io/os and node.kubernetes.io/windows-build), or use a tag or multi-platform index that contains the node\'s build. `kube-hybrid images <image>` lists the platforms an image has.',
    rules: ['image-os-mismatch', 'windows-image-build-mismatch', 'linux-workload-on-windows-node', 'windows-workload-on-linux-node'],
    sources: [gh('containerd/containerd/issues/6989'), gh('containerd/containerd/issues/7439'), VERSION_COMPAT],
  },
  {
    id: 'no-matching-manifest',
    origin: 'image-pull',
    title: 'The image list has no manifest for this OS/build (Docker Engine wording)',
    pattern: /no matching manifest for (?<platform>[\w()./-]+(?: [\d.]+)?) in the manifest list entries/,
    cause: 'The image index has no entry for {{platform}}: the image was not built for the node\'s OS, or not for its Windows build.',
    fix: 'Use an image (or tag) published for that OS and Windows build, or place the pod on nodes that match the image (kubernetes.io/os, node.kubernetes.io/windows-build).',
    rules: ['image-os-mismatch', 'windows-image-build-mismatch'],
    sources: [gh('microsoft/Windows-Containers/issues/334'), gh('moby/moby/issues/53397')],
  },
  {
    id: 'image-os-cannot-be-used',
    origin: 'image-pull',
    title: 'An image of the other OS was pulled on this node',
    pattern: /image operating system "(?<imageOs>windows|linux)" cannot be used on this platform/,
    cause: 'The image is a {{imageOs}} image and the node runs the other operating system; the runtime refuses to unpack it.',
    fix: 'Pin the pod to {{imageOs}} nodes: nodeSelector kubernetes.io/os: {{imageOs}} (plus, for Windows, the toleration of the Windows taint), or use a multi-platform image.',
    rules: ['image-os-mismatch', 'windows-workload-on-linux-node', 'linux-workload-on-windows-node'],
    sources: [gh('microsoft/mindaro/issues/53'), gh('docker-archive-public/docker.kitematic/issues/2696')],
  },
  {
    id: 'process-base-layer-path-not-found',
    origin: 'hcsshim',
    title: 'A Linux image layer was unpacked on a Windows node',
    pattern: /(?:hcsshim::)?ProcessBaseLayer (?<path>\S+?):? The system cannot find the path specified/,
    cause: 'The Windows snapshotter expects the base layer of a Windows image (with Files\\ and Hives\\). A Linux image\'s base layer has neither, so preparing it fails. The pod landed on a Windows node with a Linux-only image.',
    fix: 'Keep Linux pods off Windows nodes: nodeSelector kubernetes.io/os: linux (Windows nodes are usually tainted too, which keeps untolerating pods away).',
    rules: ['linux-workload-on-windows-node', 'image-os-mismatch'],
    sources: [gh('microsoft/hcsshim/issues/2226'), gh('docker-archive-public/docker.kitematic/issues/2124')],
  },
  {
    id: 'import-layer-path-not-found',
    origin: 'hcsshim',
    title: 'Importing an image layer failed on the Windows node',
    pattern: /hcsshim::ImportLayer (?:- failed )?failed in Win32: The system cannot find the path specified\. \(0x3\)/,
    cause: 'The node could not import a layer into its Windows layer store: leftover or damaged layer data on the node, or a layer that is not a Windows layer.',
    fix: 'Check that the image is a Windows image for this build; if it is, clean the node\'s image store (remove the image with crictl rmi, or replace the node) and pull again.',
    rules: [],
    sources: [gh('microsoft/hcsshim/issues/368'), gh('microsoft/hcsshim/issues/835')],
  },
  {
    id: 'pull-qps-exceeded',
    origin: 'kubelet',
    title: 'The kubelet\'s image-pull rate limit was reached',
    pattern: /pull QPS exceeded/,
    cause: 'The kubelet limits how many image pulls it starts per second (registryPullQPS, default 5, with registryBurst 10). Many pods starting on one node at once — typical when a Windows node joins and all its DaemonSets and pods start — exceed it; the pull is retried with back-off.',
    fix: 'Raise registryPullQPS/registryBurst in the kubelet configuration, or pre-pull the large Windows images onto the nodes (`kube-hybrid prepull`) so fewer pulls start together.',
    rules: [],
    sources: [gh('Azure/AKS/issues/3138'), gh('kubernetes/kubernetes/issues/17118')],
  },

  // --- HCS: creating and starting containers -----------------------------------------------------
  {
    id: 'hcs-os-mismatch-legacy',
    origin: 'hcs',
    title: 'The image\'s Windows build does not match the node\'s (older wording, 0xc0370101)',
    pattern: /The operating system of the container does not match the operating system of the host\.?(?: \((?<code>0xc0370101)\))?/i,
    cause: 'The container image was built for another Windows build than the host\'s, and process isolation requires the same build (HCS_E_IMAGE_MISMATCH). The pause (sandbox) image counts too.',
    fix: 'Use images — the pause image included — for the node\'s Windows build, or pin pods to nodes of the image\'s build (node.kubernetes.io/windows-build).',
    rules: ['windows-image-build-mismatch'],
    sources: [gh('MicrosoftDocs/Virtualization-Documentation/issues/765'), gh('moby/moby/issues/35462'), HCS_CODES],
  },
  {
    id: 'hcs-os-mismatch',
    origin: 'hcs',
    title: 'The image\'s Windows build does not match the node\'s (process isolation)',
    pattern: /The container operating system does not match the host operating system|\b0x[8c]0370101\b/i,
    cause: 'With process isolation (the only isolation Kubernetes uses by default) a Windows container must share the host\'s Windows build: an image built for another Windows Server release than the node\'s cannot start (HCS_E_IMAGE_MISMATCH).',
    fix: 'Use the image tag for the node\'s Windows Server release (ltsc2019 for build 17763, ltsc2022 for 20348, ltsc2025 for 26100), or pin the pod to nodes of the image\'s build with nodeSelector node.kubernetes.io/windows-build (or a RuntimeClass per build).',
    rules: ['windows-image-build-mismatch'],
    sources: [gh('microsoft/navcontainerhelper/issues/1004'), gh('microsoft/service-fabric/issues/1000'), VERSION_COMPAT],
  },
  {
    id: 'hcs-attach-namespace-failed',
    origin: 'hcs',
    title: 'The container could not join its pod network namespace',
    pattern: /(?:(?:hcs|hcsshim)::CreateComputeSystem (?<container>\S+?): )?The requested operation for attach namespace failed|::CreateComputeSystem\b.*\battach namespace failed|\b0x803b002e\b/i,
    cause: 'HCS could not attach the container to the HNS network namespace the CNI plugin created for the pod (HCN_E_NAMESPACE_ATTACH_FAILED). The HNS endpoint is in a bad state — typically a CNI configuration that does not fit the cluster (wrong service CIDR or exceptions), or a degraded HNS after a restart.',
    fix: 'Check the CNI configuration on the node against the cluster\'s pod and service CIDRs, look at the endpoint with Get-HnsEndpoint, and restart the pod; if it persists, drain and recycle the node.',
    rules: [],
    sources: [gh('containerd/containerd/issues/5729'), gh('Azure/AKS/issues/3627')],
  },
  {
    id: 'hcs-directory-name-invalid',
    origin: 'hcs',
    title: 'The container\'s command or working directory is not valid on Windows',
    pattern: /(?:hcs|hcsshim)::CreateComputeSystem (?<container>\S+?): The directory name is invalid/,
    cause: 'HCS could not start the container process: the working directory or the command does not exist in the image as a Windows path (ERROR_DIRECTORY) — often a Linux-style command or workingDir.',
    fix: 'Give the container a command that exists in the Windows image (cmd, powershell or an .exe) and a Windows workingDir; keep the node updated.',
    rules: [],
    sources: [gh('antrea-io/antrea/issues/2774')],
  },
  {
    id: 'hcs-unexpected-exit',
    origin: 'hcs',
    title: 'The container exited while HCS was starting it',
    pattern: /The (?:compute system|virtual machine or container) exited unexpectedly(?: while starting)?\.?(?: \((?<code>0x[0-9a-f]{8})\))?/i,
    cause: 'The container (or its utility VM) stopped during start (HCS_E_UNEXPECTED_EXIT / HCS_E_TERMINATED_DURING_START): the process in the image failed at once, or the node is short of memory or in a bad state.',
    fix: 'Read the container\'s logs and exit code (`kube-hybrid explain` decodes NTSTATUS exit codes); check node memory; retry on another node.',
    rules: [],
    sources: [gh('microsoft/hcsshim/issues/598'), gh('docker/for-win/issues/2030'), HCS_CODES],
  },
  {
    id: 'hcs-system-already-exists',
    origin: 'hcs',
    title: 'A container with that id already exists in HCS',
    pattern: /A Compute System with the specified identifier already exists/,
    cause: 'HCS still holds a container with the same id from an earlier attempt (HCS_E_SYSTEM_ALREADY_EXISTS): the runtime and HCS disagree after a crash or restart.',
    fix: 'Delete the pod so it gets a new sandbox; if it repeats, restart containerd on the node (or reboot it) to clear the stale compute systems.',
    rules: [],
    sources: [gh('microsoft/navcontainerhelper/issues/35')],
  },
  {
    id: 'hcs-system-not-found',
    origin: 'hcs',
    title: 'HCS has no container with that id',
    pattern: /A Compute System with the specified identifier does not exist/,
    cause: 'The runtime asked HCS about a container that is gone (HCS_E_SYSTEM_NOT_FOUND): it exited or was cleaned up, often because the sandbox (pause) container stopped.',
    fix: 'Look at why the sandbox stopped (events before this one); delete the pod to recreate its sandbox.',
    rules: [],
    sources: [gh('ovn-kubernetes/ovn-kubernetes/issues/641')],
  },
  {
    id: 'hcs-start-deadline-exceeded',
    origin: 'hcs',
    title: 'Starting the container took longer than the runtime waits',
    pattern: /hcs::System::Start (?<container>\S+?): context deadline exceeded/,
    cause: 'HCS did not finish starting the container before the CRI call timed out. Windows containers start slowly on busy nodes (many pods starting at once, slow disks, first start of a large image).',
    fix: 'Start fewer pods per node at once (maxSurge, PodDisruptionBudgets), give nodes faster disks, and pre-pull images; the kubelet retries on its own.',
    rules: [],
    sources: [gh('kubernetes/kubernetes/issues/107561')],
  },
  {
    id: 'sandbox-name-reserved',
    origin: 'containerd',
    title: 'An earlier attempt to create this pod\'s sandbox is still running',
    pattern: /failed to reserve sandbox name(?: "(?<sandbox>[^"]+)")?/,
    cause: 'containerd is still creating the pod sandbox from a previous attempt, which timed out on the kubelet side; the retry cannot reuse the name until it finishes. On Windows this follows slow HCS operations.',
    fix: 'Usually resolves itself once the first attempt completes; if the node stays slow, reduce the number of pods starting together on it.',
    rules: [],
    sources: [gh('kubernetes/kubernetes/issues/107561')],
  },

  // --- exec and probes ------------------------------------------------------------------------------
  {
    id: 'hostprocess-application-name',
    origin: 'hcsshim',
    title: 'A HostProcess container\'s command was not found on the node',
    pattern: /failed to get application name from commandline(?: "(?<commandLine>(?:[^"\\]|\\.)*)")?(?:: failed to find executable "(?<executable>(?:[^"\\]|\\.)*)")?/,
    cause: 'HostProcess containers run directly on the node: hcsshim looks the command up on the node\'s PATH and in the container\'s volume mounted at %CONTAINER_SANDBOX_MOUNT_POINT%. A Linux path ({{commandLine}}), or a file that is in neither place, is not found.',
    fix: 'Give a Windows command: a program on the node\'s PATH (powershell.exe, cmd.exe) or a path relative to the container\'s volume ($env:CONTAINER_SANDBOX_MOUNT_POINT\\app\\app.exe); and check that the image really contains the file.',
    rules: [],
    sources: [gh('microsoft/hcsshim/blob/main/internal/jobcontainers/jobcontainer.go'), web('https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/')],
  },
  {
    id: 'exec-file-not-found',
    origin: 'exec-probe',
    title: 'An exec (probe or kubectl exec) command is not an executable Windows can start',
    pattern: /encountered an error during (?:hcsshim::System::)?CreateProcess: failure in a Windows system call: The system cannot find the file specified\.?(?: \(0x2\))?/,
    cause: 'Windows starts exec commands with CreateProcess, which runs executables only: shell built-ins (dir, echo), PowerShell cmdlets, scripts and Linux paths (/bin/sh) are "not found", and a whole command line in one array element is looked up as one file name.',
    fix: 'Start a shell explicitly and split the arguments: ["cmd", "/c", "<command>"] or ["powershell", "-Command", "<command>"] (for kubectl exec: `kubectl exec -it POD -- powershell`).',
    rules: ['windows-exec-probe-command'],
    sources: [gh('Azure/AKS/issues/1836'), gh('skooner-k8s/skooner/issues/66'), gh('moby/moby/issues/41630')],
  },
  {
    id: 'createprocess-80070002',
    origin: 'hcsshim',
    title: 'Starting a process in the container failed: file not found (0x80070002)',
    pattern: /CreateProcess - Begin Operation: Error 80070002 \("The system cannot find the file specified"\)/,
    cause: 'The command given to the container (entrypoint, probe or exec) is not a file in the Windows image (ERROR_FILE_NOT_FOUND as an HRESULT).',
    fix: 'Use a command that exists in the image; wrap shell commands in ["cmd", "/c", …] or ["powershell", "-Command", …].',
    rules: ['windows-exec-probe-command'],
    sources: [gh('microsoft/hcsshim/issues/674')],
  },
  {
    id: 'createprocess-rpc-unavailable',
    origin: 'hcs',
    title: 'Probes cannot start: the node\'s compute service does not answer',
    pattern: /hcs::System::CreateProcess (?<container>\S+?): The RPC server is unavailable/,
    cause: 'The kubelet could not start the exec probe because HCS on the node did not answer (RPC_S_SERVER_UNAVAILABLE). The container may still run; the node\'s container service is in a bad state (a known HCS memory leak on busy nodes). The kubelet reports "probe errored", which does not restart the container.',
    fix: 'Prefer httpGet or tcpSocket probes on Windows; update the nodes; recycle a node in this state.',
    rules: [],
    sources: [gh('kubernetes/kubernetes/issues/117086')],
  },
  {
    id: 'createprocess-rpc-call-failed',
    origin: 'hcs',
    title: 'Starting an exec probe failed: the remote procedure call failed (0x6be)',
    pattern: /CreateProcess: failure in a Windows system call: The remote procedure call failed\. \(0x6be\)/,
    cause: 'HCS failed while starting the probe\'s process (RPC_S_CALL_FAILED): the compute service on the node is overloaded or unhealthy.',
    fix: 'Prefer httpGet or tcpSocket probes on Windows, update the node, and recycle it if the error keeps coming.',
    rules: [],
    sources: [gh('microsoft/hcsshim/issues/1472')],
  },
  {
    id: 'liveness-restart',
    origin: 'kubelet',
    title: 'The liveness probe failed and the container is restarted',
    pattern: /Container (?<container>\S+) failed liveness probe, will be restarted/,
    cause: 'The liveness probe failed failureThreshold times. Windows containers (IIS, .NET Framework) often take longer to start than the probe allows, so they are killed before they are ready and restart in a loop.',
    fix: 'Add a startupProbe that allows the slow start (or raise initialDelaySeconds), and keep the liveness probe for a container that has started.',
    rules: ['windows-liveness-probe-startup'],
    sources: [web('https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/')],
  },
  {
    id: 'exit-code-control-c',
    origin: 'kubelet',
    title: 'The container\'s process was stopped from outside (exit code -1073741510, 0xC000013A)',
    pattern: /Exit Code:\s*(?<exitCode>-1073741510|3221225786)\b/,
    cause: 'STATUS_CONTROL_C_EXIT: the process ended because it was asked to stop (the kubelet stopping the container after a failed liveness probe, or a node shutdown), not because it crashed.',
    fix: 'Find why it was stopped: look for "failed liveness probe" events; give slow-starting containers a startupProbe.',
    rules: ['windows-liveness-probe-startup'],
    sources: [gh('kubernetes/kubernetes/issues/72696')],
  },

  // --- HNS and kube-proxy on Windows -----------------------------------------------------------------
  {
    id: 'hns-switch-port-not-found',
    origin: 'kube-proxy',
    title: 'kube-proxy could not program a Service: the switch-port was not found (0x803b0007)',
    pattern: /(?:(?:hcnCreateLoadBalancer|hcnCreateEndpoint|hnsCall) failed in Win32: )?The switch-port was not found\.?(?: \(0x803b0007\))?|\b0x803b0007\b/i,
    cause: 'HNS no longer has the virtual-switch port of an endpoint the load balancer refers to (HCN_E_PORT_NOT_FOUND), so kube-proxy cannot create the Service\'s load balancer on this node: Services (often kube-dns) stop working from its pods.',
    fix: 'Update the node image (several HNS fixes address this), restart kube-proxy on the node, and recycle the node if Services stay broken.',
    rules: [],
    sources: [gh('microsoft/hcsshim/issues/1043')],
  },
  {
    id: 'hns-port-already-exists',
    origin: 'kube-proxy',
    title: 'kube-proxy could not program a Service: the port is already reserved (0x803b0013)',
    pattern: /hcnCreateLoadBalancer failed in Win32: The specified port already exists\.?(?: \(0x803b0013\))?/,
    cause: 'The Service\'s port is already reserved in the node\'s TCP/IP stack (HCN_E_PORT_ALREADY_EXISTS) — by another service, an excluded port range, or kube-proxy\'s own health-check port (10256) when --forward-healthcheck-vip is set on Windows Server 2019 — so its load balancer is not created.',
    fix: 'Pick NodePorts outside the node\'s excluded port ranges (netsh int ipv4 show excludedportrange protocol=tcp); for the health-check collision, see the upstream thread for the kube-proxy flags that avoid it.',
    rules: [],
    sources: [gh('kubernetes/community/issues/8883'), gh('microsoft/hcsshim/issues/1043')],
  },
  {
    id: 'hns-load-balancer-exists-0xb7',
    origin: 'kube-proxy',
    title: 'kube-proxy could not recreate a load balancer that HNS still has (0xb7)',
    pattern: /hcnCreateLoadBalancer failed in Win32: Cannot create a file when that file already exists\.? \(0xb7\)/,
    cause: 'After an HNS restart, HNS restored its load balancers while kube-proxy had forgotten them and tried to create them again (ERROR_ALREADY_EXISTS).',
    fix: 'Upgrade kube-proxy to a release with the upstream fix (kubernetes/kubernetes#139503); restarting kube-proxy on the node resynchronises it.',
    rules: [],
    sources: [gh('kubernetes/kubernetes/issues/139519'), gh('kubernetes/kubernetes/pull/139503')],
  },
  {
    id: 'hns-invalid-json-reference',
    origin: 'kube-proxy',
    title: 'kube-proxy referred HNS to an endpoint that does not exist (0x803b001c)',
    pattern: /hcnCreateLoadBalancer failed in Win32: The reference is invalid in the JSON document/,
    cause: 'The load balancer kube-proxy asked for names an HNS endpoint that no longer exists (HCN_E_INVALID_JSON_REFERENCE), typically after a Service or its pods were re-created quickly.',
    fix: 'Upgrade kube-proxy and the node; restarting kube-proxy on the node rebuilds its view of the endpoints.',
    rules: [],
    sources: [gh('kubernetes/kubernetes/issues/100384')],
  },
  {
    id: 'hns-address-invalid-or-reserved',
    origin: 'kube-proxy',
    title: 'An HNS endpoint address is invalid or reserved (0x803b002f)',
    pattern: /hcnCreateEndpoint failed in Win32: An address provided is invalid or reserved/,
    cause: 'HNS refused the endpoint\'s IP address (HCN_E_ADDR_INVALID_OR_RESERVED): for kube-proxy\'s source VIP, the --source-vip is outside the node\'s pod subnet or already taken.',
    fix: 'Give kube-proxy a source VIP inside the node\'s pod subnet that no pod uses (most CNI setups reserve one for it).',
    rules: [],
    sources: [gh('kubernetes/kubernetes/issues/100962')],
  },
  {
    id: 'hns-create-network-invalid-parameter',
    origin: 'hns',
    title: 'The CNI plugin could not create the HNS network (0x57)',
    pattern: /hcnCreateNetwork failed in Win32: The parameter is incorrect\.? \(0x57\)/,
    cause: 'The network configuration given to HNS (adapter name, subnet, network type) does not fit this host (ERROR_INVALID_PARAMETER); no pod on the node gets networking.',
    fix: 'Check the CNI configuration of the node (network adapter name, pod subnet, network type) against the host.',
    rules: [],
    sources: [gh('kubernetes-sigs/sig-windows-tools/issues/249')],
  },
  {
    id: 'hns-element-not-found',
    origin: 'hns',
    title: 'The CNI plugin\'s HNS network is missing (Element not found)',
    pattern: /HNS failed with error : Element not found/,
    cause: 'The CNI plugin refers to an HNS network or endpoint that no longer exists on the node (ERROR_NOT_FOUND), often after a reboot or HNS restart removed it.',
    fix: 'Restart the CNI agent on the node so it recreates its HNS network; recycle the node if it persists.',
    rules: [],
    sources: [gh('Azure/aks-engine/issues/853')],
  },
  {
    id: 'hns-provision-endpoint-not-found',
    origin: 'hns',
    title: 'Creating the pod\'s network endpoint failed (Element not found)',
    pattern: /error while ProvisionEndpoint\((?<endpoint>[^)]*)\): Element not found/,
    cause: 'The CNI plugin could not create the pod\'s HNS endpoint because the network it belongs to is missing (ERROR_NOT_FOUND).',
    fix: 'Restart the CNI agent on the node; the kubelet retries the sandbox.',
    rules: [],
    sources: [gh('kubernetes/kubernetes/issues/75421')],
  },
  {
    id: 'hns-object-already-exists',
    origin: 'hns',
    title: 'An HNS object of that name already exists',
    pattern: /hnsCall failed in Win32: The object already exis?ts/i,
    cause: 'HNS already has the endpoint or network being created: a leftover from an earlier sandbox of the pod.',
    fix: 'Delete the pod so the leftover endpoint is released; restart the CNI agent if it repeats.',
    rules: [],
    sources: [gh('kubernetes/kubernetes/issues/72696')],
  },
  {
    id: 'hcn-open-network-failed',
    origin: 'hns',
    title: 'The CNI plugin could not open its HNS network',
    pattern: /hcnOpenNetwork failed in Win32(?:: (?<detail>[^(\n]+))?/,
    cause: 'The HNS network the CNI configuration names does not exist (yet) on the node — the network agent has not created it, or it was removed.',
    fix: 'Check that the node\'s CNI/network agent is running and created its network (Get-HnsNetwork).',
    rules: [],
    sources: [gh('Azure/aks-engine/issues/3900')],
  },
  {
    id: 'eks-pod-missing-ipv4-label',
    origin: 'cloud',
    title: 'EKS did not assign a Windows pod IP resource',
    pattern: /pod does not have label vpc\.amazonaws\.com\/PrivateIPv4Address/,
    cause: 'On EKS, Windows pods get their IP through the VPC resource controller and its admission webhook, which add the vpc.amazonaws.com/PrivateIPv4Address request. This pod went through without it: Windows support is not enabled on the cluster, or the controller was not running when the pod was created.',
    fix: 'Enable Windows support on the cluster as the EKS documentation describes, then re-create the pod.',
    rules: [],
    sources: [gh('aws/containers-roadmap/issues/463'), gh('eksctl-io/eksctl/issues/2721')],
  },

  // --- gMSA and Container Credential Guard ----------------------------------------------------------
  {
    id: 'gmsa-webhook-x509',
    origin: 'gmsa',
    title: 'The API server cannot call the gMSA webhook: its certificate is not trusted',
    pattern: /failed calling webhook "(?<webhook>admission-webhook\.windows-gmsa\.sigs\.k8s\.io|[^"]*gmsa[^"]*)":[^\n]*x509: (?<detail>certificate[^\n:]*)/,
    cause: 'The caBundle of the gMSA webhook configuration does not match the certificate the webhook serves (not issued, rotated, or from another CA), so every pod creation the webhook covers fails.',
    fix: 'Reissue the webhook\'s serving certificate and update the caBundle of its MutatingWebhookConfiguration and ValidatingWebhookConfiguration (or let cert-manager inject it).',
    rules: [],
    sources: [gh('kubernetes-sigs/windows-gmsa/issues/54'), K8S_GMSA],
  },
  {
    id: 'gmsa-not-authorized',
    origin: 'gmsa',
    title: 'The pod\'s service account may not use the gMSA credential spec',
    pattern: /service account (?<serviceAccount>\S+) is not authorized (?:to )?`use` gMSA cred spec (?<credspec>[^\s,]+)/,
    cause: 'The gMSA webhook checks that the pod\'s service account may `use` the GMSACredentialSpec; no Role/ClusterRole bound to {{serviceAccount}} grants that for {{credspec}}.',
    fix: 'Create a ClusterRole with verbs ["use"] on gmsacredentialspecs (resourceNames: [{{credspec}}]) and bind it to the service account in the pod\'s namespace.',
    rules: [],
    sources: [gh('kubernetes-sigs/windows-gmsa/pull/1'), K8S_GMSA],
  },
  {
    id: 'gmsa-trust-relationship',
    origin: 'gmsa',
    title: 'A gMSA container lost its trust relationship with the domain',
    pattern: /The trust relationship between this workstation and the primary domain failed/,
    cause: 'The container\'s secure channel to the domain broke. Windows has a known problem when several containers use the same gMSA at the same time, each overwriting the channel of the others.',
    fix: 'Restart the affected container to restore the channel; keep Windows nodes on the current cumulative update (the thread tracks Microsoft\'s fix); verify with nltest /sc_verify inside the container.',
    rules: [],
    sources: [gh('microsoft/Windows-Containers/issues/405'), gh('moby/moby/issues/37459')],
  },
  {
    id: 'ccg-fetch-credentials-failed',
    origin: 'gmsa',
    title: 'Container Credential Guard could not fetch the gMSA credentials (non-domain-joined node)',
    pattern: /Container Credential Guard failed to fetch gmsa credentials for (?<account>\S+) using plugin (?<plugin>\{[0-9A-Fa-f-]+\})\.?(?: Error reason: (?<reason>[^\n]+))?/,
    cause: 'On a node not joined to the domain, CCG uses a plugin to log on with a user allowed to retrieve the gMSA password; that logon failed ({{reason}}): wrong user or secret, or a domain name the DC does not accept.',
    fix: 'Check the plugin\'s secret (user and password) and the domain names in the credential spec\'s HostAccountConfig (use the DNS domain name); follow Microsoft\'s gMSA troubleshooting for non-domain-joined hosts.',
    rules: [],
    sources: [gh('Azure/AKS/issues/3849'), GMSA_TROUBLESHOOTING],
  },
  {
    id: 'ccg-plugin-instantiate-failed',
    origin: 'gmsa',
    title: 'Container Credential Guard could not start its plugin',
    pattern: /Container Credential Guard failed to instantiate the plugin: (?<plugin>\{[^}]+\})/,
    cause: 'CCG could not create the COM plugin named by the credential spec\'s PluginGUID: it is not registered on the node, or its configured identity cannot start it.',
    fix: 'Register the plugin on every Windows node (its installer), make the PluginGUID in the credential spec match, and check the identity the plugin runs as.',
    rules: [],
    sources: [gh('microsoft/Windows-Containers/issues/293'), GMSA_TROUBLESHOOTING],
  },
  {
    id: 'ccg-external-credentials-rpc',
    origin: 'gmsa',
    title: 'HCS could not set up the container\'s gMSA credentials (RPC server unavailable)',
    pattern: /Failed to setup the external credentials for Container '(?<container>[^']+)': The RPC server is unavailable/,
    cause: 'HCS asked Container Credential Guard for the container\'s credentials and got no answer: CCG or its plugin failed to start.',
    fix: 'Look at the Microsoft-Windows-Containers-CCG/Admin event log on the node and fix the plugin registration or credentials it reports.',
    rules: [],
    sources: [gh('microsoft/Windows-Containers/issues/221'), GMSA_TROUBLESHOOTING],
  },
  {
    id: 'ccg-create-rpc-unavailable',
    origin: 'gmsa',
    title: 'A gMSA container could not be created: Container Credential Guard did not answer',
    pattern: /CreateComputeSystem (?<container>\S+?): winapi error #3489792023/,
    cause: 'winapi error #3489792023 is 0xD0020017, the NTSTATUS RPC_NT_SERVER_UNAVAILABLE carried as an HRESULT: when the container has a credential spec, HCS asks Container Credential Guard (and its plugin, on nodes not joined to the domain) for the gMSA credentials, and got no answer.',
    fix: 'Read the Microsoft-Windows-Containers-CCG/Admin and Hyper-V-Compute event logs on the node; fix the plugin registration or the credentials they report; check that the credential spec names the right plugin.',
    rules: [],
    sources: [gh('microsoft/Windows-Containers/issues/541'), gh('microsoft/Windows-Containers/issues/221'), GMSA_TROUBLESHOOTING],
  },
  {
    id: 'gmsa-no-logon-servers',
    origin: 'gmsa',
    title: 'The gMSA container cannot find a domain controller',
    pattern: /ERROR_NO_LOGON_SERVERS/,
    cause: 'Inside the container no domain controller could be reached: the pod\'s DNS (the cluster DNS) does not resolve the Active Directory domain, or the network blocks the DC.',
    fix: 'Make the cluster DNS forward the AD domain to the domain\'s DNS servers (a CoreDNS forward block), and check the pod can reach the DCs; test with nltest /dsgetdc:<domain>.',
    rules: [],
    sources: [gh('microsoft/SDN/issues/339'), GMSA_TROUBLESHOOTING],
  },
  {
    id: 'gmsa-no-trust-sam-account',
    origin: 'gmsa',
    title: 'The domain has no account for the container\'s identity',
    pattern: /ERROR_NO_TRUST_SAM_ACCOUNT/,
    cause: 'The DC has no computer account matching the identity the container presents: the credential spec does not describe the gMSA, or the node may not retrieve that gMSA\'s password.',
    fix: 'On the node run Test-ADServiceAccount for the gMSA; regenerate the credential spec for that gMSA; add the nodes to PrincipalsAllowedToRetrieveManagedPassword.',
    rules: ['gmsa-credential-spec-invalid'],
    sources: [gh('plooploops/windows-containers-AD/issues/7'), GMSA_TROUBLESHOOTING],
  },

  // --- DNS in Windows pods --------------------------------------------------------------------------
  {
    id: 'windows-dns-timeout',
    origin: 'dns',
    title: 'DNS queries from a Windows pod time out',
    pattern: /DNS request timed out\.(?:\s+timeout was (?<seconds>\d+) seconds?)?/,
    cause: 'The Windows pod cannot reach the cluster DNS Service: kube-proxy on the node did not create the HNS load balancer for the DNS Service IP (look for "Policy creation failed" in its log), or the CNI configuration sends that traffic the wrong way.',
    fix: 'Check kube-proxy\'s log on the node and Get-HnsPolicyList for the DNS Service IP; make sure the CNI\'s outbound-NAT exceptions include the service CIDR; restart kube-proxy.',
    rules: [],
    sources: [gh('microsoft/SDN/issues/433'), gh('rancher/rancher/issues/29399'), web('https://kubernetes.io/docs/tasks/debug/debug-cluster/windows/')],
  },
  {
    id: 'windows-remote-name-not-resolved',
    origin: 'dns',
    title: 'A Windows pod could not resolve a host name',
    pattern: /The remote name could not be resolved: '(?<host>[^']+)'/,
    cause: 'Name resolution for {{host}} failed in the Windows pod: the cluster DNS is unreachable from the node, or the name is outside the DNS suffixes and servers the pod has.',
    fix: 'Test with Resolve-DnsName {{host}} -Server <cluster DNS IP> inside the pod; if that times out, fix the node\'s Service networking (kube-proxy/HNS); otherwise fix the DNS records or forwarding.',
    rules: [],
    sources: [gh('Azure/acs-engine/issues/558'), web('https://kubernetes.io/docs/tasks/debug/debug-cluster/windows/')],
  },
];
