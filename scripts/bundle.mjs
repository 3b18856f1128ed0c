// Bundles the compiled CLI (dist/, from tsc) into dist/bundle/ for the launchers in bin/. Why: a
// `check` of one file loaded ~125 modules through Node's ESM loader, whose per-module cost (resolve,
// open, stat, read, link) was most of its start-up (issue 14, target 4; docs/performance.md). The
// modules `check` always runs go into one chunk, `core`; every other verb and whatever a verb loads
// on demand (the live client, the registry client, the webhook, formats other than text and JSON)
// stay in chunks of their own, loaded by the same dynamic imports as before. Dependencies in
// node_modules are not bundled. The unbundled dist/ stays: the tests and library users import it.
import { rollup } from '@rollup/wasm-node';
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist/`;
const out = `${dist}bundle/`;

/** What every `check` loads: the verb and the modules it imports on every run (config lookup, cluster flags, ignores). */
const CHECK_ENTRIES = ['cli/check.js', 'cli/cluster-flags.js', 'cli/project-config.js', 'config/ignores.js'].map((file) => dist + file);

const isExternal = (id) => id.startsWith('node:') || builtinModules.includes(id) || !(id.startsWith('.') || id.startsWith('/'));

/** The modules `from` reaches through static imports (dynamic imports stay where they are). */
function staticClosure(from, getModuleInfo, seen) {
  if (seen.has(from)) return seen;
  seen.add(from);
  for (const dependency of getModuleInfo(from)?.importedIds ?? []) staticClosure(dependency, getModuleInfo, seen);
  return seen;
}

rmSync(out, { recursive: true, force: true });
let core;
const bundle = await rollup({
  input: { main: `${dist}cli/main.js` },
  external: isExternal,
  // Circular imports between our modules are evaluated in the same order as unbundled; say nothing.
  onwarn: (warning, warn) => (warning.code === 'CIRCULAR_DEPENDENCY' ? undefined : warn(warning)),
});
await bundle.write({
  dir: out,
  format: 'es',
  entryFileNames: '[name].js',
  chunkFileNames: '[name]-[hash].js',
  manualChunks(id, { getModuleInfo }) {
    core ??= CHECK_ENTRIES.reduce((seen, entry) => staticClosure(entry, getModuleInfo, seen), new Set());
    return core.has(id) ? 'core' : undefined;
  },
});
await bundle.close();
