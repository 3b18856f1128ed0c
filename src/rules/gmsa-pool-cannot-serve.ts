import type { Rule } from '../engine/types.js';
import { knownCcgPlugin } from '../gmsa/credspec.js';
import { osOfNode } from '../kube/nodes.js';
import { joinPointer } from '../util/pointer.js';
import { windowsOptionsIn } from './helpers.js';
import { asRecord } from '../util/guards.js';

type Json = Record<string, unknown>;

/**
 * gMSA needs the Windows node to fetch the account's password: a domain-joined node does it as
 * itself; a node that is not joined needs a CCG plugin named by the credential spec's
 * HostAccountConfig (https://learn.microsoft.com/en-us/windows/win32/api/ccgplugins/nf-ccgplugins-iccgdomainauthcredentials-getpasswordcredentials,
 * read 2026-11-30). The cluster profile may say per pool which it is (`gmsa`, `ccgPlugins`).
 */
export const gmsaPoolCannotServe: Rule = {
  id: 'gmsa-pool-cannot-serve',
  meta: {
    category: 'gmsa',
    defaultSeverity: 'warning',
    description: 'A gMSA pod that may land on a Windows pool the cluster profile says cannot serve it: no domain join and no CCG plugin, a credential spec without HostAccountConfig on non-joined nodes, or a CCG plugin the pool lacks.',
    messages: {
      noGmsa: 'The pods (gMSA "{{name}}") may land on pool {{pool}}, whose nodes are neither domain-joined nor have a CCG plugin (profile: gmsa: none): the container starts without its domain identity. Keep the pods off it: nodeSelector on a pool that serves gMSA (e.g. kube-hybrid.io/pool: {{good}}).',
      needsHostAccount:
        'The pods (gMSA "{{name}}") may land on pool {{pool}}, whose nodes are not domain-joined (profile: gmsa: ccg), but the credential spec has no ActiveDirectoryConfig.HostAccountConfig: the node cannot fetch the gMSA password. Add HostAccountConfig for the pool\'s CCG plugin{{plugins}}, or keep the pods on domain-joined pools.',
      pluginMissing:
        'The pods (gMSA "{{name}}") may land on pool {{pool}}, whose CCG plugins are {{plugins}}, but the credential spec names PluginGUID {{guid}}{{known}}: ccg.exe finds no such plugin there. Use one of the pool\'s plugins, install this one on the pool, or keep the pods off it.',
    },
    source: 'https://learn.microsoft.com/en-us/windows/win32/api/ccgplugins/nf-ccgplugins-iccgdomainauthcredentials-getpasswordcredentials; https://learn.microsoft.com/en-us/azure/aks/use-group-managed-service-accounts',
  },
  windowsOptionsOnly: true,
  create(context) {
    const pools = context.inputs.cluster.pools.filter((p) => p.os === 'windows' && p.gmsa !== undefined);
    return {
      workload(workload) {
        if (pools.length === 0) return;
        const refs = windowsOptionsIn(workload).filter((r) => typeof r.options.gmsaCredentialSpecName === 'string' || typeof r.options.gmsaCredentialSpec === 'string');
        if (refs.length === 0) return;
        const ref = refs[0];
        const name = typeof ref.options.gmsaCredentialSpecName === 'string' ? ref.options.gmsaCredentialSpecName : '(inline)';
        const credspec = credSpecOf(ref.options.gmsaCredentialSpec, context.inputs.gmsaCredentialSpecs.get(name)?.credspec);
        const eligible = new Set(context.analysisOf(workload).placement.eligible.filter((n) => osOfNode(n) === 'windows').map((n) => n.metadata.name));
        const good = pools.filter((p) => p.gmsa?.mode === 'domain-joined').map((p) => p.name)[0] ?? '<a domain-joined pool>';
        const path = joinPointer(ref.path, typeof ref.options.gmsaCredentialSpecName === 'string' ? 'gmsaCredentialSpecName' : 'gmsaCredentialSpec');
        for (const pool of pools) {
          if (!pool.nodeNames.some((n) => eligible.has(n)) || !pool.gmsa) continue;
          if (pool.gmsa.mode === 'none') {
            context.report({ target: workload.source, messageId: 'noGmsa', path, data: { name, pool: pool.name, good } });
            continue;
          }
          if (pool.gmsa.mode !== 'ccg' || credspec === undefined) continue;
          const host = asRecord(asRecord(credspec.ActiveDirectoryConfig)?.HostAccountConfig);
          const plugins = pool.gmsa.ccgPlugins.map((g) => `${g}${knownCcgPlugin(g) ? ` (${knownCcgPlugin(g)!.name})` : ''}`).join(', ');
          if (!host) {
            context.report({ target: workload.source, messageId: 'needsHostAccount', path, data: { name, pool: pool.name, plugins: plugins ? ` (${plugins})` : '' } });
            continue;
          }
          const guid = typeof host.PluginGUID === 'string' ? host.PluginGUID : '';
          const bare = (g: string) => g.replace(/^\{|\}$/g, '').toLowerCase();
          if (pool.gmsa.ccgPlugins.length > 0 && guid !== '' && !pool.gmsa.ccgPlugins.some((g) => bare(g) === bare(guid))) {
            const known = knownCcgPlugin(guid);
            context.report({ target: workload.source, messageId: 'pluginMissing', path, data: { name, pool: pool.name, plugins, guid, known: known ? ` (${known.name})` : '' } });
          }
        }
      },
    };
  },
};

function credSpecOf(inline: unknown, fromResource: unknown): Json | undefined {
  if (typeof inline === 'string') {
    try {
      return asRecord(JSON.parse(inline));
    } catch {
      return undefined;
    }
  }
  return asRecord(fromResource);
}
