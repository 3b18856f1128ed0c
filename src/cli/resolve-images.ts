// `--resolve-images` for check and simulate: registry facts through src/images, errors as input problems.
import { loadDockerConfigCredentials } from '../images/credentials.js';
import { resolveImageFacts } from '../images/resolve.js';
import type { ImageFactsByReference } from '../model/image-facts.js';
import type { LoadProblem } from '../manifests/types.js';

export interface ResolverFlags {
  offline: boolean;
  plainHttp: readonly string[];
  cacheDir?: string;
  env: NodeJS.ProcessEnv;
}

/**
 * A reference the registry cannot answer for is reported (warning-level problem naming it) and
 * analysed from its tag instead; it does not stop the run.
 */
export function registryResolver(flags: ResolverFlags): (references: string[]) => Promise<{ facts: ImageFactsByReference; problems: LoadProblem[] }> {
  return async (references) => {
    const credentials = await loadDockerConfigCredentials(flags.env);
    const result = await resolveImageFacts(references, {
      offline: flags.offline,
      plainHttpHosts: flags.plainHttp,
      cache: flags.cacheDir ?? undefined,
      env: flags.env,
      credentials,
    });
    const problems: LoadProblem[] = [...result.errors].map(([reference, error]) => ({
      severity: 'info',
      file: reference,
      message: `image ${reference}: ${error.message}; its tag is used instead`,
    }));
    return { facts: result.facts, problems };
  };
}
