// Registry credentials: Docker's `config.json` (`auths`, `credHelpers`, `credsStore`) and explicit
// ones from flags. Nothing here ever prints a secret; `secretsOf` lists them for redaction.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DOCKER_HUB_API_HOST, DOCKER_HUB_DOMAIN, DOCKER_HUB_LEGACY_DOMAIN } from './reference.js';

/** User name and password (or personal access token) for Basic auth and token-server login. */
export interface PasswordCredentials {
  kind: 'password';
  username: string;
  password: string;
}

/** An OAuth2 refresh token (Docker's `identitytoken`), exchanged at the token realm by POST. */
export interface IdentityTokenCredentials {
  kind: 'identity-token';
  identityToken: string;
  username?: string;
}

export type Credentials = PasswordCredentials | IdentityTokenCredentials;

/** Finds the credentials for a registry domain as written in references ("docker.io", "host:5000"). */
export type CredentialLookup = (domain: string) => Promise<Credentials | undefined>;

/** The key Docker stores Docker Hub's credentials under. */
export const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';

/** The strings that must never appear in output, for redact(). */
export function secretsOf(credentials: Credentials | undefined): string[] {
  if (!credentials) return [];
  if (credentials.kind === 'identity-token') return [credentials.identityToken];
  const basic = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
  return [credentials.password, basic];
}

/** Directory of Docker's client config: `$DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
}

interface DockerAuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

interface DockerConfigFile {
  auths?: Record<string, DockerAuthEntry>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** docker/cli's ConvertToHostname: strips the scheme and any path from a config key. */
export function configKeyHostname(key: string): string {
  let stripped = key;
  if (stripped.startsWith('http://')) stripped = stripped.slice('http://'.length);
  else if (stripped.startsWith('https://')) stripped = stripped.slice('https://'.length);
  const slash = stripped.indexOf('/');
  return slash === -1 ? stripped : stripped.slice(0, slash);
}

function isDockerHub(domain: string): boolean {
  return domain === DOCKER_HUB_DOMAIN || domain === DOCKER_HUB_LEGACY_DOMAIN || domain === DOCKER_HUB_API_HOST;
}

/** The hostnames a config key may be written as for this domain (Docker Hub has several). */
function candidateHostnames(domain: string): string[] {
  return isDockerHub(domain) ? [DOCKER_HUB_LEGACY_DOMAIN, DOCKER_HUB_DOMAIN, DOCKER_HUB_API_HOST] : [domain];
}

function entryCredentials(entry: DockerAuthEntry): Credentials | undefined {
  let username = entry.username;
  let password = entry.password;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      username = decoded.slice(0, colon);
      password = decoded.slice(colon + 1);
    }
  }
  if (entry.identitytoken) {
    return { kind: 'identity-token', identityToken: entry.identitytoken, ...(username ? { username } : {}) };
  }
  if (username !== undefined && password !== undefined && username !== '') {
    return { kind: 'password', username, password };
  }
  return undefined;
}

/** Runs `docker-credential-<helper> get`, as the Docker CLI does, with the server address on stdin. */
export function runCredentialHelper(helper: string, serverAddress: string, timeoutMs = 10_000): Promise<Credentials | undefined> {
  return new Promise((resolve) => {
    const child = execFile(`docker-credential-${helper}`, ['get'], { timeout: timeoutMs, maxBuffer: 1 << 20 }, (error, stdout) => {
      // Helpers exit non-zero with "credentials not found in native keychain": not an error for us.
      if (error) return resolve(undefined);
      try {
        const answer = JSON.parse(stdout) as { Username?: string; Secret?: string };
        if (!answer.Secret) return resolve(undefined);
        if (answer.Username === '<token>') return resolve({ kind: 'identity-token', identityToken: answer.Secret });
        if (!answer.Username) return resolve(undefined);
        resolve({ kind: 'password', username: answer.Username, password: answer.Secret });
      } catch {
        resolve(undefined);
      }
    });
    child.stdin?.end(serverAddress);
  });
}

/** Parsed Docker config, with the lookup Docker uses (exact key, then hostname of each key). */
export function credentialsFromDockerConfig(
  config: DockerConfigFile,
  helper: (helper: string, serverAddress: string) => Promise<Credentials | undefined> = runCredentialHelper,
): CredentialLookup {
  return async (domain) => {
    const hostnames = candidateHostnames(domain);
    const serverAddress = isDockerHub(domain) ? DOCKER_HUB_CONFIG_KEY : domain;
    const specificHelper = hostnames.map((h) => config.credHelpers?.[h]).find((h) => h) ?? config.credHelpers?.[serverAddress];
    if (specificHelper) return helper(specificHelper, serverAddress);

    const auths = config.auths ?? {};
    const exactKeys = isDockerHub(domain) ? [DOCKER_HUB_CONFIG_KEY, ...hostnames] : hostnames;
    let entry: DockerAuthEntry | undefined;
    for (const key of exactKeys) {
      if (auths[key]) {
        entry = auths[key];
        break;
      }
    }
    if (!entry) {
      const key = Object.keys(auths).find((k) => hostnames.includes(configKeyHostname(k)));
      if (key) entry = auths[key];
    }
    const fromFile = entry ? entryCredentials(entry) : undefined;
    if (fromFile) return fromFile;
    if (config.credsStore) return helper(config.credsStore, serverAddress);
    return undefined;
  };
}

/** Reads `<dockerConfigDir>/config.json`; a missing or unreadable file means no credentials. */
export async function loadDockerConfigCredentials(env: NodeJS.ProcessEnv): Promise<CredentialLookup> {
  const file = join(dockerConfigDir(env), 'config.json');
  let config: DockerConfigFile = {};
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (parsed && typeof parsed === 'object') config = parsed as DockerConfigFile;
  } catch {
    config = {};
  }
  return credentialsFromDockerConfig(config);
}

/** Explicit credentials (flags) for one registry domain, falling back to another lookup for the rest. */
export function explicitCredentials(domain: string, credentials: Credentials, fallback?: CredentialLookup): CredentialLookup {
  const wanted = new Set(candidateHostnames(domain));
  return async (asked) => (candidateHostnames(asked).some((h) => wanted.has(h)) ? credentials : fallback?.(asked));
}
