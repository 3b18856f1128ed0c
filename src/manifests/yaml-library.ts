// The `yaml` library, loaded the first time a document needs it (anchors, flow-style positions,
// malformed input). Most runs never do, and loading it costs ~30 ms of a `check` run's start.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

type YamlModule = typeof Yaml;

let library: YamlModule | undefined;

export function yamlLibrary(): YamlModule {
  library ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return library;
}
