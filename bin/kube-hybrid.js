#!/usr/bin/env node
// Thin launcher for kube-hybrid and kubectl-hybrid: the CLI itself is compiled into dist/ and bundled
// into dist/bundle/ (fewer modules to load at start-up; scripts/bundle.mjs).
let main;
try {
  ({ main } = await import('../dist/bundle/main.js'));
} catch (error) {
  // A clone run before building: say what to do instead of a module-resolution stack trace.
  const missing = error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bundle/main.js');
  if (!missing) throw error;
  process.stderr.write('kube-hybrid: dist/ is not built: run `npm run build` (or `npm install`) in the kube-hybrid folder first\n');
  process.exit(2);
}
process.exitCode = await main(process.argv.slice(2));
