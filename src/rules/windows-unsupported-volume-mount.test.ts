import type { Cluster } from '../cluster/model.js';
import { builtinCluster } from '../cluster/profiles.js';
import { ruleTester } from './testing/rule-tester.js';
import { windowsUnsupportedVolumeMount } from './windows-unsupported-volume-mount.js';

/** The default cluster with its Windows nodes on Docker (dockershim era): single-file mounts fail there. */
function dockerCluster(): Cluster {
  const base = builtinCluster('default');
  const nodes = base.nodes.map((node) => {
    const copy = structuredClone(node);
    if (copy.metadata.labels?.['kubernetes.io/os'] === 'windows') copy.status = { ...copy.status, nodeInfo: { ...copy.status?.nodeInfo, containerRuntimeVersion: 'docker://20.10.24' } };
    return copy;
  });
  return { ...base, nodes };
}

const SECRET_FILE_CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata: { name: report }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: job
              image: mcr.microsoft.com/windows/servercore:ltsc2022
              volumeMounts: [{ name: creds, mountPath: 'C:\\app\\creds.json', subPath: creds.json }]
          volumes: [{ name: creds, secret: { secretName: creds } }]
`;

ruleTester(windowsUnsupportedVolumeMount, {
  valid: [
    // containerd (every Windows node since dockershim's removal) mounts single files: kubernetes/kubernetes#83730.
    { name: 'a single-file subPath on containerd Windows nodes works', yaml: SECRET_FILE_CRONJOB },
    {
      name: 'whole-volume mounts and a directory subPath on a Windows pod',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  volumes:
    - { name: config, configMap: { name: web-config } }
    - { name: data, emptyDir: {} }
  containers:
    - name: c
      image: mcr.microsoft.com/windows/servercore:ltsc2022
      volumeMounts:
        - { name: config, mountPath: 'C:\\config' }
        - { name: data, mountPath: 'C:\\data', subPath: logs, mountPropagation: None }
`,
    },
    {
      name: 'a Linux pod with a file subPath, block device and propagation',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  volumes: [{ name: config, configMap: { name: c } }]
  containers:
    - name: c
      image: nginx:1.27
      volumeDevices: [{ name: raw, devicePath: /dev/xvda }]
      volumeMounts: [{ name: config, mountPath: /etc/nginx/nginx.conf, subPath: nginx.conf, mountPropagation: HostToContainer }]
`,
    },
  ],
  invalid: [
    {
      name: 'spec.os.name windows: volumeDevices, mountPropagation and a ConfigMap file subPath across groups (Deployment, Docker nodes)',
      cluster: dockerCluster(),
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      os: { name: windows }
      volumes:
        - { name: config, configMap: { name: web-config } }
        - { name: data, emptyDir: {} }
      initContainers:
        - name: init
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          volumeMounts:
            - { name: data, mountPath: 'C:\\data', mountPropagation: HostToContainer }
      containers:
        - name: web
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          volumeDevices: [{ name: raw, devicePath: '\\\\.\\PhysicalDrive1' }]
          volumeMounts:
            - name: config
              mountPath: 'C:\\inetpub\\wwwroot\\web.config'
              subPath: web.config
      ephemeralContainers:
        - name: debug
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          volumeMounts: [{ name: data, mountPath: 'C:\\x\\app.json', subPath: conf/app.json }]
`,
      errors: [
        { messageId: 'mountPropagation', line: 15, path: '/spec/template/spec/initContainers/0/volumeMounts/0/mountPropagation', severity: 'warning', message: 'init container "init"' },
        { messageId: 'volumeDevices', line: 19, path: '/spec/template/spec/containers/0/volumeDevices', severity: 'error' },
        { messageId: 'fileSubPath', line: 23, path: '/spec/template/spec/containers/0/volumeMounts/0/subPath', severity: 'warning', message: 'subPath "web.config"' },
        { messageId: 'fileSubPath', line: 27, path: '/spec/template/spec/ephemeralContainers/0/volumeMounts/0/subPath', severity: 'warning' },
      ],
    },
    {
      name: 'OS inferred from the image: a Secret key mounted with subPath in a CronJob (Docker nodes)',
      cluster: dockerCluster(),
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: { name: j }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          volumes: [{ name: creds, secret: { secretName: creds } }]
          containers:
            - name: c
              image: mcr.microsoft.com/windows/servercore:ltsc2022
              volumeMounts: [{ name: creds, mountPath: 'C:\\creds\\token', subPath: token }]
          restartPolicy: Never
`,
      errors: [{ messageId: 'fileSubPath', line: 14, path: '/spec/jobTemplate/spec/template/spec/containers/0/volumeMounts/0/subPath', message: 'a Windows image' }],
    },
  ],
});
