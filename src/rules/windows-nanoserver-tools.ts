import type { Rule } from '../engine/types.js';
import { asRecord, isRecord } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { windowsBaseImageOf } from '../windows/base-image.js';
import { splitImageName } from '../windows/image-name.js';
import { containersOf, describeOwner, hostProcessContainers } from './helpers.js';

/**
 * What Nano Server images do not have (read 2026-11-30): Windows PowerShell, 32-bit (WoW64) support
 * and IIS components (Microsoft, "Discover the new era of Windows Server 2025 Nano Server
 * containers", techcommunity.microsoft.com, 2025: users "had to switch to … Server Core" for them;
 * Windows Server 2025 Nano Server can add them as Features on Demand), and no Windows Installer
 * (learn.microsoft.com/virtualization/windowscontainers/manage-containers/container-base-images:
 * Nano Server is for new applications; MSI-based installs need Server Core). `pwsh` (PowerShell 7)
 * is there only when the image adds it, which derived images often do, so it is never reported.
 */
const TOOLS: { id: 'powershell' | 'msi' | 'wow64'; pattern: RegExp }[] = [
  { id: 'powershell', pattern: /(^|[\s"'`\\/&|;(=])powershell(\.exe)?($|[\s"'`&|;)])/i },
  { id: 'msi', pattern: /(^|[\s"'`\\/&|;(=])msiexec(\.exe)?($|[\s"'`&|;)])|\.msi($|[\s"'`&|;)])/i },
  { id: 'wow64', pattern: /program files \(x86\)|syswow64/i },
];

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** Every string of a container that Windows will run, with its pointer. */
function commandStrings(container: Record<string, unknown>, base: string): { text: string; path: string }[] {
  const out: { text: string; path: string }[] = [];
  const add = (value: unknown, path: string) => {
    if (!Array.isArray(value)) return;
    value.forEach((item, index) => {
      if (typeof item === 'string') out.push({ text: item, path: joinPointer(path, index) });
    });
  };
  add(container.command, joinPointer(base, 'command'));
  add(container.args, joinPointer(base, 'args'));
  for (const probe of PROBES) add(asRecord(asRecord(container[probe])?.exec)?.command, joinPointer(base, probe, 'exec', 'command'));
  const lifecycle = asRecord(container.lifecycle);
  for (const hook of ['postStart', 'preStop']) {
    const handler = lifecycle?.[hook];
    if (isRecord(handler)) add(asRecord(handler.exec)?.command, joinPointer(base, 'lifecycle', hook, 'exec', 'command'));
  }
  return out;
}

export const windowsNanoserverTools: Rule = {
  id: 'windows-nanoserver-tools',
  meta: {
    category: 'compatibility',
    defaultSeverity: 'warning',
    description: 'A Nano Server container whose command, args, probes or hooks run Windows PowerShell, an MSI installer or a 32-bit program, none of which Nano Server has.',
    messages: {
      powershell:
        'The {{owner}} runs Windows PowerShell ("{{text}}") on Nano Server ({{image}}): Nano Server has no powershell.exe, so this fails with "The system cannot find the file specified". Use cmd, or pwsh from an image that adds PowerShell 7 (e.g. mcr.microsoft.com/powershell:…-nanoserver-…), or a Server Core image.',
      msi:
        'The {{owner}} runs an MSI installer ("{{text}}") on Nano Server ({{image}}): Nano Server has no Windows Installer. Install in a Server Core image, or copy the files in at build time.',
      wow64:
        'The {{owner}} runs a 32-bit program ("{{text}}") on Nano Server ({{image}}): Nano Server has no 32-bit (WoW64) support. Use a 64-bit build or a Server Core image.',
    },
    source: 'https://techcommunity.microsoft.com/blog/containers/discover-the-new-era-of-windows-server-2025-nano-server-containers/4413060; https://learn.microsoft.com/virtualization/windowscontainers/manage-containers/container-base-images (read 2026-11-30)',
  },
  sharedVisitor: true,
  create(context) {
    return {
      workload(workload) {
        // A HostProcess container runs on the host with no filesystem isolation: its command resolves
        // against the host's system directories, not the image's
        // (https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/).
        // Read only for a workload with a Nano Server container (most have none).
        let hostProcess: Set<string> | undefined;
        for (const ref of containersOf(workload)) {
          if (typeof ref.container.image !== 'string') continue;
          const image = ref.container.image;
          const base = windowsBaseImageOf(image);
          if (base?.base !== 'nanoserver') continue;
          hostProcess ??= new Set(hostProcessContainers(workload).filter((c) => c.hostProcess).map((c) => c.ref.path));
          if (hostProcess.has(ref.path)) continue;
          // A Windows Server 2025 Nano Server derivative may have added these as Features on Demand.
          if (base.how !== 'repository' && /(^|[-_])ltsc2025($|[-_])/i.test(splitImageName(image).tag ?? '')) continue;
          for (const { text, path } of commandStrings(ref.container, ref.path)) {
            const tool = TOOLS.find((t) => t.pattern.test(text));
            if (!tool) continue;
            context.report({ target: workload.source, messageId: tool.id, path, data: { owner: describeOwner(ref), text: text.length > 80 ? `${text.slice(0, 77)}…` : text, image } });
          }
        }
      },
    };
  },
};
