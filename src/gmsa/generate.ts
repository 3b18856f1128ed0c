// `kube-hybrid gmsa generate`: a GMSACredentialSpec, the ClusterRole that grants `use` of it, and a
// RoleBinding per namespace for the given service accounts — the objects the windows-gmsa docs have
// users write by hand. The credential spec is built as New-CredentialSpec builds it (the account with
// the DNS and the NetBIOS scope; Sid/Guid of the domain), or taken from the JSON it wrote.
// https://github.com/MicrosoftDocs/Virtualization-Documentation/blob/live/windows-server-container-tools/ServiceAccounts/CredentialSpec.psm1
// https://kubernetes.io/docs/tasks/configure-pod-container/configure-gmsa/ (read 2026-11-30)
import type { KubeObject } from '../kube/types.js';
import { GMSA_GROUP, GMSA_KIND, GMSA_PLURAL } from './crd.js';

export interface AccountInput {
  /** The gMSA (sAMAccountName without "$"). */
  account: string;
  /** The domain's DNS name (DNSRoot). */
  domain: string;
  /** The domain SID (S-1-5-21-…). */
  sid: string;
  /** The domain's objectGUID. */
  guid: string;
  /** NetBIOS domain name; default: the first label of the domain, upper-cased, at most 15 characters. */
  netBiosName?: string;
  /** The forest root (DnsTreeName); default: the domain. */
  forest?: string;
  /** A CCG plugin for non-domain-joined nodes. */
  plugin?: { guid: string; input: string };
}

export interface ServiceAccountRef {
  namespace: string;
  name: string;
}

/** The NetBIOS name Windows proposes for a new domain: the leftmost DNS label, up to 15 bytes, upper case. */
export function defaultNetBiosName(domain: string): string {
  return (domain.split('.')[0] ?? '').slice(0, 15).toUpperCase();
}

export function credSpecFromAccount(input: AccountInput): Record<string, unknown> {
  const account = input.account.replace(/\$$/, '');
  const netBios = input.netBiosName ?? defaultNetBiosName(input.domain);
  const activeDirectory: Record<string, unknown> = {
    GroupManagedServiceAccounts: [
      { Name: account, Scope: input.domain },
      { Name: account, Scope: netBios },
    ],
  };
  if (input.plugin) activeDirectory.HostAccountConfig = { PortableCcgVersion: '1', PluginGUID: input.plugin.guid, PluginInput: input.plugin.input };
  return {
    CmsPlugins: ['ActiveDirectory'],
    DomainJoinConfig: { Sid: input.sid, MachineAccountName: account, Guid: input.guid, DnsTreeName: input.forest ?? input.domain, DnsName: input.domain, NetBiosName: netBios },
    ActiveDirectoryConfig: activeDirectory,
  };
}

/** A DNS-1123 resource name for an account: "WebApp01" → "gmsa-webapp01". */
export function resourceNameFor(account: string): string {
  const slug = account.replace(/\$$/, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return `gmsa-${slug || 'account'}`;
}

/** The account a credential spec names (DomainJoinConfig.MachineAccountName), when it has one. */
export function accountOf(credspec: Record<string, unknown>): string | undefined {
  const join = credspec.DomainJoinConfig;
  const name = typeof join === 'object' && join !== null ? (join as Record<string, unknown>).MachineAccountName : undefined;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

export function generateObjects(credspec: Record<string, unknown>, name: string, serviceAccounts: readonly ServiceAccountRef[]): KubeObject[] {
  const roleName = `${name}-user`;
  const objects: KubeObject[] = [
    { apiVersion: `${GMSA_GROUP}/v1`, kind: GMSA_KIND, metadata: { name }, credspec },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: roleName },
      rules: [{ apiGroups: [GMSA_GROUP], resources: [GMSA_PLURAL], verbs: ['use'], resourceNames: [name] }],
    },
  ];
  const byNamespace = new Map<string, string[]>();
  for (const sa of serviceAccounts) byNamespace.set(sa.namespace, [...(byNamespace.get(sa.namespace) ?? []), sa.name]);
  for (const [namespace, names] of byNamespace) {
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: `${roleName}`, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
      subjects: names.map((sa) => ({ kind: 'ServiceAccount', name: sa, namespace })),
    });
  }
  return objects;
}
