// Paths of the repository for tests that run from src/ (tsx) or dist/ (compiled).
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above src/testing or dist/testing). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function repoPath(relative: string): string {
  return fileURLToPath(new URL(relative, new URL('../../', import.meta.url)));
}
