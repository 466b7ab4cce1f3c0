import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LAZY_BUNDLES, lazyBundleNodeArgs, locateLazyBundle, type LazyBundleName } from '../src/lazy-bundles';

const root = path.resolve(__dirname, '..');
const names = Object.keys(LAZY_BUNDLES) as LazyBundleName[];

function touch(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '');
}

describe('LAZY_BUNDLES', () => {
  it('names an existing entry module for every bundle', () => {
    for (const name of names)
      expect(fs.existsSync(path.join(root, 'src', `${LAZY_BUNDLES[name]}.ts`))).toBe(true);
  });

  it('is what scripts/build.js bundles (one entry per name, derived from this table)', () => {
    const build = fs.readFileSync(path.join(root, 'scripts', 'build.js'), 'utf8');
    expect(build).toContain("require('../src/lazy-bundles.ts')");
    expect(build).toContain('Object.entries(LAZY_BUNDLES)');
  });
});

describe('locateLazyBundle', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-lazy-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds every bundle from the bundles zero, one and two levels below dist/', () => {
    const dist = path.join(dir, 'dist');
    for (const name of names) touch(path.join(dist, name, 'index.js'));
    for (const from of [
      dist,
      path.join(dist, 'cli'),
      path.join(dist, 'cli', 'template'),
      path.join(dist, 'post'),
    ]) {
      for (const name of names) {
        expect(locateLazyBundle(name, { dir: from, bundled: true })).toEqual({
          kind: 'bundle',
          file: path.join(dist, name, 'index.js'),
        });
      }
    }
  });

  it('reports a missing bundle as undefined, and does not look above dist/ for it', () => {
    touch(path.join(dir, 'ssh2', 'index.js'));
    const from = path.join(dir, 'dist', 'cli', 'template');
    fs.mkdirSync(from, { recursive: true });
    expect(locateLazyBundle('ssh2', { dir: from, bundled: true })).toBeUndefined();
    expect(lazyBundleNodeArgs('remote-worker', { dir: from, bundled: true })).toBeUndefined();
  });

  it('prefers compiled sources to TypeScript ones, and never takes a dist/ bundle from sources', () => {
    const src = path.join(dir, 'src');
    touch(path.join(src, 'ssh2', 'index.js')); // a bundle-shaped file must not be taken
    expect(locateLazyBundle('ssh2', { dir: src, bundled: false })).toBeUndefined();
    const ts = path.join(src, `${LAZY_BUNDLES.ssh2}.ts`);
    touch(ts);
    expect(locateLazyBundle('ssh2', { dir: src, bundled: false })).toEqual({
      kind: 'source',
      file: ts,
      runner: path.join(dir, 'scripts', 'run-ts.js'),
    });
    const js = path.join(src, `${LAZY_BUNDLES.ssh2}.js`);
    touch(js);
    expect(locateLazyBundle('ssh2', { dir: src, bundled: false })).toEqual({ kind: 'compiled', file: js });
  });

  it('starts the remote worker from the TypeScript sources through scripts/run-ts.js', () => {
    expect(lazyBundleNodeArgs('remote-worker')).toEqual([
      '--require',
      path.join(root, 'scripts', 'run-ts.js'),
      path.join(root, 'src', 'eval', 'functions', 'support', 'remote-worker-main.ts'),
    ]);
    const dist = path.join(dir, 'dist');
    touch(path.join(dist, 'remote-worker', 'index.js'));
    expect(lazyBundleNodeArgs('remote-worker', { dir: path.join(dist, 'cli'), bundled: true })).toEqual([
      path.join(dist, 'remote-worker', 'index.js'),
    ]);
  });
});
