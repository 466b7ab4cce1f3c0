import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Code that few runs need and that costs much to load (the AWS SDK's ECR clients, ssh2) ships as a
 * bundle of its own in dist/<name>/index.js, read only when used: every Kiln bundle (dist/,
 * dist/cli/, dist/cli/template/) finds it one or two directories up. From sources (ts-jest, tsc
 * output) the module itself is required.
 *
 * `require` is reached through eval so that the bundler neither follows it nor inlines the module.
 */
const runtimeRequire = eval('require') as NodeJS.Require;

const cache = new Map<string, unknown>();

/**
 * `bundle`: the dist/ directory name; `sourceModule`: the module's path without extension,
 * relative to src/ (this file's directory when running from sources).
 */
export function loadLazyBundle<T>(bundle: string, sourceModule: string): T {
  const hit = cache.get(bundle);
  if (hit !== undefined) return hit as T;
  const here = __dirname;
  const bundled = [here, path.dirname(here), path.dirname(path.dirname(here))]
    .map((dir) => path.join(dir, bundle, 'index.js'))
    .find((file) => fs.existsSync(file));
  const loaded = runtimeRequire(bundled ?? path.join(here, sourceModule)) as T;
  cache.set(bundle, loaded);
  return loaded;
}
