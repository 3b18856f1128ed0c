#!/usr/bin/env node
// kubectl (1.26+) runs kubectl_complete-<plugin> from the PATH to complete `kubectl hybrid …`.
let main;
try {
  ({ main } = await import('../dist/bundle/main.js'));
} catch {
  process.stdout.write(':0\n');
  process.exit(0);
}
process.exitCode = await main(['__complete', ...process.argv.slice(2)]);
