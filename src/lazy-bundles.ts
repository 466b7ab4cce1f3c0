import * as fs from 'node:fs';
import * as path from 'node:path';

import { requireWithCodeCache } from './code-cache';

/**
 * Heavy code that few runs need ships as a bundle of its own, dist/<name>/index.js, and is read
 * only when used. This table is the one place that says which: scripts/build.js makes one ncc
 * bundle per entry, and every Kiln bundle (dist/, dist/cli/, dist/cli/template/, dist/post/)
 * finds the others through locateLazyBundle(). A new SDK or bridge costs one line here and a
 * loadLazyBundle('<name>') where it is used.
 *
 * Keys are the bundle's directory under dist/; values the module that is its entry point, relative
 * to src/ and without extension.
 */
export const LAZY_BUNDLES = {
  // `kiln build`, `console`, `validate`, `inspect` (evaluator, functions, component schemas and
  // runtimes): `kiln fmt` and `version` never compile them. The sweepers derived from the catalog
  // come from here too: `kiln sweep` and the action's post step read it only when there is
  // something to sweep.
  'cli/template': 'cli/template-commands',
  // The remote HCL functions' worker process, with the AWS SDK inside; started, never required.
  'remote-worker': 'eval/functions/support/remote-worker-main',
  // The AWS SDK's ECR clients, for registry logins (docker builder, docker-push).
  'aws-ecr': 'components/docker/ecr-token',
  // The AWS SDK's EC2, SSM and Secrets Manager clients: the amazon data sources (and builders).
  'aws-ec2': 'components/amazon/lazy',
  // ssh2: the SSH communicator and temporary key generation.
  ssh2: 'communicators/ssh/ssh2-library',
  // @actions/cache (with the Azure storage client): the action's plugin cache, issue 17.
  'actions-cache': 'action/actions-cache',
} as const satisfies Readonly<Record<string, string>>;

export type LazyBundleName = keyof typeof LAZY_BUNDLES;

/**
 * Where a lazily loaded module is in the layout Kiln runs from:
 * - `bundle`: dist/<name>/index.js, from a Kiln bundle;
 * - `compiled`: the entry module compiled by tsc (build/src/...js), from compiled sources;
 * - `source`: the TypeScript entry module, from the source tree (ts-jest; a child process needs
 *   scripts/run-ts.js, given as `runner`).
 */
export type LazyBundleLocation =
  | { readonly kind: 'bundle'; readonly file: string }
  | { readonly kind: 'compiled'; readonly file: string }
  | { readonly kind: 'source'; readonly file: string; readonly runner: string };

/** Where this module runs from: its own directory, and whether that is a bundle's. */
export interface CodeLayout {
  readonly dir: string;
  readonly bundled: boolean;
}

// In a bundle this module's code is inside dist/<bundle>/index.js; from sources it is this file.
const here: CodeLayout = {
  dir: __dirname,
  bundled: !/^lazy-bundles\.[jt]s$/.test(path.basename(__filename)),
};

/** Finds `name` for the given layout; undefined when it is not there (a broken installation). */
export function locateLazyBundle(
  name: LazyBundleName,
  layout: CodeLayout = here,
): LazyBundleLocation | undefined {
  if (layout.bundled) {
    // dist/index.js, dist/cli/index.js, dist/post/index.js and dist/cli/template/index.js are zero,
    // one and two levels below dist/: look there, nearest first.
    const ancestors = [layout.dir, path.dirname(layout.dir), path.dirname(path.dirname(layout.dir))];
    const file = ancestors.map((dir) => path.join(dir, name, 'index.js')).find((f) => fs.existsSync(f));
    return file === undefined ? undefined : { kind: 'bundle', file };
  }
  const entry = path.join(layout.dir, LAZY_BUNDLES[name]);
  if (fs.existsSync(`${entry}.js`)) return { kind: 'compiled', file: `${entry}.js` };
  const runner = path.resolve(layout.dir, '..', 'scripts', 'run-ts.js');
  if (fs.existsSync(`${entry}.ts`)) return { kind: 'source', file: `${entry}.ts`, runner };
  return undefined;
}

function locateOrThrow(name: LazyBundleName): LazyBundleLocation {
  const location = locateLazyBundle(name);
  if (location === undefined) {
    throw new Error(
      `Kiln is incompletely installed: the ${name}/index.js bundle is missing next to ${__dirname}`,
    );
  }
  return location;
}

/**
 * `require` reached through eval, so that the bundler neither follows it nor inlines the module
 * into the bundle that asks for it. From sources under Jest it is Jest's require (transforming
 * TypeScript); from compiled sources, Node's.
 */
const runtimeRequire = eval('require') as NodeJS.Require;

const loaded = new Map<LazyBundleName, unknown>();

/**
 * The module exported by bundle `name`, loaded on first use. Call with the module's type:
 * `loadLazyBundle<typeof import('./components/docker/ecr-token')>('aws-ecr')`. Bundles are
 * compiled through V8's code cache (code-cache.ts), so repeated CLI runs do not recompile them.
 */
export function loadLazyBundle<T>(name: LazyBundleName): T {
  if (loaded.has(name)) return loaded.get(name) as T;
  const location = locateOrThrow(name);
  const exports =
    location.kind === 'bundle'
      ? requireWithCodeCache(location.file, name.replace(/\//g, '-'))
      : runtimeRequire(location.file);
  loaded.set(name, exports);
  return exports as T;
}

/** Node's arguments that run bundle `name` as a program (`node <args>`): the remote worker. */
export function lazyBundleNodeArgs(
  name: LazyBundleName,
  layout: CodeLayout = here,
): readonly string[] | undefined {
  const location = locateLazyBundle(name, layout);
  if (location === undefined) return undefined;
  return location.kind === 'source' ? ['--require', location.runner, location.file] : [location.file];
}
