// Kubeconfig loading as kubectl does it (client-go clientcmd loading rules):
//   --kubeconfig FILE            that file only (it must exist);
//   $KUBECONFIG a:b:c            those files merged, the first to set a name or current-context wins,
//                                missing files skipped;
//   ~/.kube/config               when it exists;
//   in-cluster                   the service account, when KUBERNETES_SERVICE_HOST is set.
// `--context NAME` replaces current-context; an unknown name is an error. Credentials (token, client
// certificate, exec plugin, auth provider) are applied by @kubernetes/client-node.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { Cluster as KcCluster, Context as KcContext, User as KcUser } from '@kubernetes/client-node';

export interface KubeconfigOptions {
  /** `--kubeconfig FILE` (already resolved against the working directory). */
  kubeconfig?: string;
  /** `--context NAME`. */
  context?: string;
  env: NodeJS.ProcessEnv;
}

export type KubeconfigOrigin = 'flag' | 'env' | 'home' | 'in-cluster';

export interface LoadedKubeconfig {
  kubeConfig: KubeConfig;
  origin: KubeconfigOrigin;
  /** Files read, in precedence order (empty in-cluster). */
  files: string[];
  contextName: string;
  server: string;
  userName: string;
}

/** Raised for every configuration problem; the message names what failed and never a credential. */
export class KubeconfigError extends Error {}

/** The files kubectl would read, and where the list came from. */
export function kubeconfigFiles(options: KubeconfigOptions): { origin: KubeconfigOrigin; files: string[] } {
  if (options.kubeconfig) return { origin: 'flag', files: [options.kubeconfig] };
  const fromEnv = options.env.KUBECONFIG;
  if (fromEnv) {
    const files = [...new Set(fromEnv.split(delimiter).filter((f) => f !== ''))];
    return { origin: 'env', files };
  }
  const home = options.env.HOME ?? options.env.USERPROFILE;
  const config = home ? join(home, '.kube', 'config') : undefined;
  if (config && existsSync(config)) return { origin: 'home', files: [config] };
  return { origin: 'in-cluster', files: [] };
}

function firstByName<T extends { name: string }>(lists: readonly (readonly T[])[]): T[] {
  const seen = new Map<string, T>();
  for (const list of lists) for (const item of list) if (!seen.has(item.name)) seen.set(item.name, item);
  return [...seen.values()];
}

function readFile(file: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (error) {
    throw new KubeconfigError(`cannot read kubeconfig ${file}: ${firstLine(error)}`);
  }
  return kc;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** Loads and merges the kubeconfig, selects the context, and checks it names a cluster with a server. */
export function loadKubeconfig(options: KubeconfigOptions): LoadedKubeconfig {
  const { origin, files } = kubeconfigFiles(options);
  let kubeConfig: KubeConfig;
  if (origin === 'in-cluster') {
    if (!options.env.KUBERNETES_SERVICE_HOST) {
      throw new KubeconfigError('no kubeconfig: pass --kubeconfig FILE, set $KUBECONFIG, create ~/.kube/config, or run in a cluster');
    }
    kubeConfig = new KubeConfig();
    try {
      kubeConfig.loadFromCluster();
    } catch (error) {
      throw new KubeconfigError(`cannot load in-cluster config: ${firstLine(error)}`);
    }
  } else {
    if (origin === 'flag' && !existsSync(files[0])) throw new KubeconfigError(`kubeconfig ${files[0]} does not exist`);
    const present = files.filter((f) => existsSync(f));
    if (present.length === 0) throw new KubeconfigError(`none of the $KUBECONFIG files exists (${files.join(delimiter)})`);
    const configs = present.map(readFile);
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: firstByName<KcCluster>(configs.map((c) => c.clusters)),
      users: firstByName<KcUser>(configs.map((c) => c.users)),
      contexts: firstByName<KcContext>(configs.map((c) => c.contexts)),
      currentContext: configs.map((c) => c.currentContext).find((name) => typeof name === 'string' && name !== '') ?? '',
    });
  }
  if (options.context !== undefined) {
    if (!kubeConfig.getContextObject(options.context)) {
      const known = kubeConfig.contexts.map((c) => c.name);
      throw new KubeconfigError(`context "${options.context}" does not exist in ${describeFiles(origin, files)}${known.length ? ` (contexts: ${known.join(', ')})` : ''}`);
    }
    kubeConfig.setCurrentContext(options.context);
  }
  const contextName = kubeConfig.getCurrentContext();
  if (origin !== 'in-cluster') {
    if (!contextName) throw new KubeconfigError(`no current-context in ${describeFiles(origin, files)}: pass --context NAME`);
    const context = kubeConfig.getContextObject(contextName);
    if (!context) throw new KubeconfigError(`current-context "${contextName}" does not exist in ${describeFiles(origin, files)}`);
  }
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new KubeconfigError(`context "${contextName}" names no known cluster`);
  if (!cluster.server) throw new KubeconfigError(`cluster "${cluster.name}" of context "${contextName}" has no server`);
  try {
    new URL(cluster.server);
  } catch {
    throw new KubeconfigError(`cluster "${cluster.name}" has an invalid server URL`);
  }
  return { kubeConfig, origin, files, contextName, server: cluster.server.replace(/\/+$/, ''), userName: kubeConfig.getCurrentUser()?.name ?? '' };
}

function describeFiles(origin: KubeconfigOrigin, files: readonly string[]): string {
  if (origin === 'env') return `$KUBECONFIG (${files.join(delimiter)})`;
  return files.join(', ');
}
