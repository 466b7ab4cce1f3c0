import type * as Crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as nodeModule from 'node:module';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as Vm from 'node:vm';

/**
 * Loads a CommonJS bundle through V8's code cache. Compiling Kiln's template bundle (2 MB) is the
 * largest part of a short command such as `kiln validate`; V8 can instead deserialize the code it
 * compiled in an earlier run. Node 22 does this itself (module.enableCompileCache); Node 20 has
 * no such switch, so the bundle is compiled here with vm.Script and its cached data kept in
 * Kiln's cache directory.
 *
 * The cache must never make a run fail or behave differently:
 * - entries are keyed by a hash of the bundle's text and of Node's version and architecture, so a
 *   changed bundle never meets code compiled from another (V8 checks only the source's length);
 *   V8 itself rejects data from another V8 build or flags, and such an entry is replaced;
 * - the directory is private: created with mode 0700, and not used at all unless it is a real
 *   directory owned by the current user and writable by nobody else (cached code is code);
 * - every cache error (unwritable home, read-only file system, full disk) only means no cache.
 *
 * KILN_NO_CODE_CACHE=1 (or Node's own NODE_DISABLE_COMPILE_CACHE=1) turns it off.
 */

/** What happened to the cache for one load: for tests and benchmarks. */
/** `node`: Node's own compile cache did the work (Node ≥ 22.1). */
export type CodeCacheOutcome = 'disabled' | 'accepted' | 'produced' | 'rejected' | 'node';

export const codeCacheOutcomes = new Map<string, CodeCacheOutcome>();

interface ModuleShape {
  exports: unknown;
}

type CommonJsWrapper = (
  exports: unknown,
  require: NodeJS.Require,
  module: ModuleShape,
  filename: string,
  dirname: string,
) => void;

/** Is `p` a real directory (not a link) of ours that no one else can write into? */
function isPrivateDirectory(p: string): boolean {
  const st = fs.lstatSync(p);
  if (!st.isDirectory()) return false;
  if (process.platform === 'win32') return true; // per-user profile directories; no POSIX modes
  return st.uid === process.getuid?.() && (st.mode & 0o022) === 0;
}

function privateDirectory(p: string): string | undefined {
  try {
    fs.mkdirSync(p, { recursive: true, mode: 0o700 });
    return isPrivateDirectory(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

/**
 * $XDG_CACHE_HOME/kiln/code-cache (~/.cache/... by default), else a per-user directory in the
 * system's temporary directory; undefined when neither can be made private.
 */
export function codeCacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.KILN_NO_CODE_CACHE === '1' || env.NODE_DISABLE_COMPILE_CACHE === '1') return undefined;
  return kilnCacheDirectory('code-cache', env);
}

/**
 * A private directory of Kiln's cache: $XDG_CACHE_HOME/kiln/<name> (~/.cache/kiln/<name> by
 * default), else `kiln-<name>-<user>` in the system's temporary directory; undefined when neither
 * can be made private (a real directory of the current user that no one else can write into).
 */
export function kilnCacheDirectory(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates: string[] = [];
  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && path.isAbsolute(xdg)) candidates.push(path.join(xdg, 'kiln', name));
  else {
    try {
      candidates.push(path.join(os.homedir(), '.cache', 'kiln', name));
    } catch {
      // No home directory: only the temporary one is left.
    }
  }
  const user = process.getuid?.() ?? os.userInfo().username;
  candidates.push(path.join(os.tmpdir(), `kiln-${name}-${user}`));
  for (const candidate of candidates) {
    const dir = privateDirectory(candidate);
    if (dir !== undefined) return dir;
  }
  return undefined;
}

/** The cached data for `file`, only when it is a regular file of ours. */
function readEntry(file: string): Buffer | undefined {
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile() || (process.platform !== 'win32' && st.uid !== process.getuid?.())) return undefined;
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes the entry atomically (a concurrent reader sees the old file or the new one) and drops
 * the label's entries for other bundle texts, so the cache holds one entry per bundle. */
function writeEntry(dir: string, label: string, file: string, data: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, data, { mode: 0o600 });
    fs.renameSync(temp, file);
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith(`${label}-`) && path.join(dir, name) !== file && !name.endsWith('.tmp')) {
        fs.rmSync(path.join(dir, name), { force: true });
      }
    }
  } catch {
    fs.rmSync(temp, { force: true });
  }
}

const nodeCompileCache = (nodeModule as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;

/**
 * crypto and vm are required on first use: the CLI's main bundle includes this module, and `kiln
 * fmt` and `kiln version`, which load no other bundle, should not pay for loading them.
 */
function builtins(): { crypto: typeof Crypto; vm: typeof Vm } {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return { crypto: require('node:crypto') as typeof Crypto, vm: require('node:vm') as typeof Vm };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** A bundle with a real import() (none today) still works; vm.constants is Node >= 20.13. */
function dynamicImport(vm: typeof Vm): typeof Vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER | undefined {
  return (vm as Partial<Pick<typeof Vm, 'constants'>>).constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
}

/**
 * Runs the CommonJS file as `require` would and returns its exports. `label` names its cache
 * entries (one bundle, one label).
 */
export function requireWithCodeCache(file: string, label: string): unknown {
  const dir = codeCacheDirectory();
  if (dir !== undefined && nodeCompileCache !== undefined) {
    // Node ≥ 22.1 keeps a code cache for everything `require` compiles, with its own checks.
    nodeCompileCache(dir);
    codeCacheOutcomes.set(label, 'node');
    return createRequire(file)(file);
  }
  const { crypto, vm } = builtins();
  const importModuleDynamically = dynamicImport(vm);
  const bytes = fs.readFileSync(file);
  let entry: string | undefined;
  let cachedData: Buffer | undefined;
  if (dir !== undefined) {
    // The file's bytes: hashing them costs less than hashing the decoded text.
    const key = crypto
      .createHash('sha256')
      .update(`${process.version}\0${process.arch}\0`)
      .update(bytes)
      .digest('hex')
      .slice(0, 32);
    entry = path.join(dir, `${label}-${key}.v8`);
    cachedData = readEntry(entry);
  }
  const source = bytes.toString('utf8');
  // Node's own wrapper, on the first line so that line numbers in stack traces stay right.
  const body = source.startsWith('#!') ? `//${source}` : source;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${body}\n})`, {
    filename: file,
    cachedData,
    ...(importModuleDynamically !== undefined ? { importModuleDynamically } : {}),
  });
  const outcome: CodeCacheOutcome =
    entry === undefined
      ? 'disabled'
      : cachedData === undefined
        ? 'produced'
        : script.cachedDataRejected
          ? 'rejected'
          : 'accepted';
  codeCacheOutcomes.set(label, outcome);
  if (entry !== undefined && outcome !== 'accepted') {
    const target = entry;
    // At exit the data also holds the functions the run compiled lazily (most of the command's own
    // code), not only the bundle's top level.
    process.once('exit', () => {
      try {
        writeEntry(dir as string, label, target, script.createCachedData());
      } catch {
        // A cache that cannot be written is no cache; the run's result stands.
      }
    });
  }
  const wrapper = script.runInThisContext() as CommonJsWrapper;
  const module: ModuleShape = { exports: {} };
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}
