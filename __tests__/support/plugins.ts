import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duplex } from 'stream';

import { describePlugin } from '../../src/plugins/describe';
import { integrationRequired } from './services';

/**
 * Real Packer plugins for the plugin bridge's tests (issue 16), built by test-env/build-plugins.sh
 * into Packer's installed layout under $KILN_PLUGIN_CACHE (default ~/.cache/kiln/plugins).
 */

const ROOT = path.resolve(__dirname, '..', '..');

export const PLUGIN_CACHE =
  process.env.KILN_PLUGIN_CACHE ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'kiln', 'plugins');

const GOARCH: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64', ia32: '386' };

/** The namespace of each plugin build-plugins.sh builds that is not HashiCorp's. */
const NAMESPACES: Readonly<Record<string, string>> = { kilnfixture: 'kiln-project' };

/** Where build-plugins.sh puts `packer-plugin-<name>` at `version` for this machine. */
export function pluginBinary(name: string, version: string): string {
  const file = `packer-plugin-${name}_${version}_x5.0_${process.platform}_${GOARCH[process.arch] ?? process.arch}`;
  return path.join(PLUGIN_CACHE, 'github.com', NAMESPACES[name] ?? 'hashicorp', name, file);
}

/**
 * `describe` for tests of a real plugin: runs them when its binary is built. Under CI it builds it
 * (the script returns at once when .ci/run already did) and fails if that fails, with the script's
 * own words (which name a module the Go proxy could not serve); elsewhere it skips and says how to
 * build it.
 */
export function describeWithPlugin(
  title: string,
  name: string,
  version: string,
  body: (binary: string) => void,
): void {
  const binary = pluginBinary(name, version);
  let why = `${binary} is not built`;
  if (!fs.existsSync(binary) && integrationRequired()) {
    const r = spawnSync('bash', [path.join(ROOT, 'test-env', 'build-plugins.sh'), name], {
      encoding: 'utf8',
      timeout: 20 * 60_000,
    });
    if (r.status !== 0) why = `test-env/build-plugins.sh ${name} failed: ${r.stderr.trim().slice(-2000)}`;
  }
  if (fs.existsSync(binary)) {
    describe(title, () => body(binary));
    return;
  }
  const message = `${title}: needs the real plugin (${why}). Build it with: bash test-env/build-plugins.sh ${name}`;
  if (integrationRequired()) {
    describe(title, () => {
      it('has its plugin binary', () => {
        throw new Error(message);
      });
    });
  } else {
    process.stderr.write(`skipped: ${message}\n`);
    describe.skip(title, () => body(binary));
  }
}

/** One chunk on the wire: Kiln to plugin (`out`) or plugin to Kiln (`in`), as hex. */
export interface WireChunk {
  readonly dir: 'out' | 'in';
  readonly hex: string;
}

/**
 * A duplex in front of a socket that records every chunk both ways, in order: how the wire-level
 * fixtures (__tests__/fixtures/plugins/) are recorded from a real plugin.
 */
export function tap(socket: Duplex, log: WireChunk[]): Duplex {
  const tapped = new Duplex({
    write(chunk: Buffer, _enc, done) {
      log.push({ dir: 'out', hex: chunk.toString('hex') });
      socket.write(chunk, done);
    },
    final(done) {
      socket.end();
      done();
    },
    read() {
      socket.resume();
    },
    destroy(err, done) {
      socket.destroy();
      done(err);
    },
  });
  socket.on('data', (chunk: Buffer) => {
    log.push({ dir: 'in', hex: chunk.toString('hex') });
    if (!tapped.push(chunk)) socket.pause();
  });
  socket.on('end', () => tapped.push(null));
  socket.on('close', () => tapped.destroy());
  socket.on('error', (err) => tapped.destroy(err));
  return tapped;
}

/**
 * Installs `binary` into the plugin directory `dir` as `packer plugins install --path` would (named
 * with its described version, beside its checksum file); returns the installed path.
 */
export async function installPlugin(dir: string, source: string, binary: string): Promise<string> {
  const d = await describePlugin(binary);
  const name = source.split('/').pop() as string;
  const file = path.basename(binary).replace(/_v[^_]+_x5\.0_/, `_v${d.version}_x5.0_`);
  expect(file.startsWith(`packer-plugin-${name}_v`)).toBe(true);
  const target = path.join(dir, source, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.symlinkSync(binary, target);
  fs.copyFileSync(`${binary}_SHA256SUM`, `${target}_SHA256SUM`);
  return target;
}

/** The plugin processes (pid and command line) this test process started that are still there. */
export function pluginChildren(): { pid: number; args: string }[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.includes('packer-plugin-'))
    .map((l) => {
      const [pid, ...args] = l.split(/\s+/);
      return { pid: Number(pid), args: args.join(' ') };
    });
}
