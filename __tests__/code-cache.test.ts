/**
 * The code cache runs in fresh Node processes: what it decides (and writes at exit) belongs to one
 * process, and Jest's module registry is not Node's.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');

interface Load {
  readonly status: number | null;
  readonly stderr: string;
  readonly value?: unknown;
  readonly outcome?: string;
}

let work: string;
let bundle: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-code-cache-test-'));
  bundle = path.join(work, 'app', 'index.js');
  fs.mkdirSync(path.dirname(bundle));
  // A CommonJS bundle that uses what Node's wrapper gives a module.
  fs.writeFileSync(path.join(work, 'app', 'dep.js'), 'module.exports = 40;\n');
  writeBundle('aaaa');
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

function writeBundle(word: string): void {
  fs.writeFileSync(
    bundle,
    `#!/usr/bin/env node\n'use strict';\nconst path = require('node:path');\n` +
      `module.exports = { word: '${word}', sum: require('./dep') + 2, self: this === exports, ` +
      `dir: path.basename(__dirname), file: path.basename(__filename), line: new Error().stack.split('\\n')[1].split(':').at(-2) };\n`,
  );
}

function load(env: Record<string, string>): Load {
  const probe = [
    "const { requireWithCodeCache, codeCacheOutcomes } = require('./src/code-cache.ts');",
    `const value = requireWithCodeCache(${JSON.stringify(bundle)}, 'app');`,
    "process.stdout.write(JSON.stringify({ value, outcome: codeCacheOutcomes.get('app') }));",
  ].join('\n');
  const r = spawnSync(process.execPath, ['--require', path.join(root, 'scripts', 'run-ts.js'), '-e', probe], {
    cwd: root,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: path.join(work, 'home'),
      TMPDIR: path.join(work, 'tmp'),
      ...env,
    },
  });
  return { status: r.status, stderr: r.stderr, ...(r.stdout ? (JSON.parse(r.stdout) as object) : {}) };
}

const expected = { word: 'aaaa', sum: 42, self: true, dir: 'app', file: 'index.js', line: '4' };

function entries(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

describe('requireWithCodeCache', () => {
  it('runs the bundle as require would, compiling it once and reusing the code after', () => {
    const env = { XDG_CACHE_HOME: path.join(work, 'xdg') };
    const cache = path.join(work, 'xdg', 'kiln', 'code-cache');
    expect(load(env)).toEqual({ status: 0, stderr: '', value: expected, outcome: 'produced' });
    const [entry] = entries(cache);
    expect(entries(cache)).toEqual([expect.stringMatching(/^app-[0-9a-f]{32}\.v8$/)]);
    expect(fs.statSync(cache).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(cache, entry)).mode & 0o777).toBe(0o600);
    expect(load(env)).toEqual({ status: 0, stderr: '', value: expected, outcome: 'accepted' });
  });

  it('never runs code cached from another text of the bundle, even of the same length', () => {
    // V8 checks only the source's length: without a key on the text, the old code would run.
    const env = { XDG_CACHE_HOME: path.join(work, 'xdg') };
    expect(load(env).outcome).toBe('produced');
    writeBundle('bbbb');
    expect(load(env)).toMatchObject({ status: 0, value: { ...expected, word: 'bbbb' }, outcome: 'produced' });
    expect(entries(path.join(work, 'xdg', 'kiln', 'code-cache'))).toHaveLength(1); // the old entry went
    expect(load(env)).toMatchObject({ value: { word: 'bbbb' }, outcome: 'accepted' });
  });

  it('replaces an entry that V8 rejects (damaged, or from another Node build)', () => {
    const env = { XDG_CACHE_HOME: path.join(work, 'xdg') };
    load(env);
    const cache = path.join(work, 'xdg', 'kiln', 'code-cache');
    const file = path.join(cache, entries(cache)[0]);
    fs.writeFileSync(file, Buffer.alloc(64, 7));
    expect(load(env)).toEqual({ status: 0, stderr: '', value: expected, outcome: 'rejected' });
    expect(load(env).outcome).toBe('accepted');
  });

  it('uses ~/.cache without XDG_CACHE_HOME', () => {
    expect(load({}).outcome).toBe('produced');
    expect(entries(path.join(work, 'home', '.cache', 'kiln', 'code-cache'))).toHaveLength(1);
  });

  it('does not use a directory that others can write to, or a link; the temporary directory serves then', () => {
    const shared = path.join(work, 'shared');
    fs.mkdirSync(path.join(shared, 'kiln', 'code-cache'), { recursive: true });
    fs.chmodSync(path.join(shared, 'kiln', 'code-cache'), 0o777);
    const linked = path.join(work, 'linked');
    fs.mkdirSync(path.join(linked, 'kiln'), { recursive: true });
    fs.mkdirSync(path.join(work, 'elsewhere'));
    fs.symlinkSync(path.join(work, 'elsewhere'), path.join(linked, 'kiln', 'code-cache'));
    // Both fall back to the same per-user temporary directory.
    expect(load({ XDG_CACHE_HOME: shared })).toEqual({
      status: 0,
      stderr: '',
      value: expected,
      outcome: 'produced',
    });
    expect(load({ XDG_CACHE_HOME: linked })).toEqual({
      status: 0,
      stderr: '',
      value: expected,
      outcome: 'accepted',
    });
    expect(entries(path.join(shared, 'kiln', 'code-cache'))).toEqual([]);
    expect(entries(path.join(work, 'elsewhere'))).toEqual([]);
    const user = process.getuid?.() ?? os.userInfo().username;
    expect(entries(path.join(work, 'tmp', `kiln-code-cache-${user}`))).toHaveLength(1);
  });

  if (process.getuid?.() === 0) {
    it("does not use another user's directory or entry", () => {
      const xdg = path.join(work, 'xdg');
      expect(load({ XDG_CACHE_HOME: xdg }).outcome).toBe('produced');
      const cache = path.join(xdg, 'kiln', 'code-cache');
      const entry = path.join(cache, entries(cache)[0]);
      fs.chownSync(entry, 65534, 65534);
      expect(load({ XDG_CACHE_HOME: xdg }).outcome).toBe('produced');
      fs.chownSync(cache, 65534, 65534);
      const file = path.join(work, 'a-file');
      fs.writeFileSync(file, '');
      expect(load({ XDG_CACHE_HOME: xdg, TMPDIR: file }).outcome).toBe('disabled');
    });
  }

  it('runs without a cache when none can be made, and when turned off', () => {
    const file = path.join(work, 'a-file');
    fs.writeFileSync(file, '');
    const unusable = { XDG_CACHE_HOME: file, TMPDIR: file };
    expect(load(unusable)).toEqual({ status: 0, stderr: '', value: expected, outcome: 'disabled' });
    const xdg = path.join(work, 'xdg');
    for (const off of [{ KILN_NO_CODE_CACHE: '1' }, { NODE_DISABLE_COMPILE_CACHE: '1' }] as Record<
      string,
      string
    >[]) {
      expect(load({ XDG_CACHE_HOME: xdg, ...off })).toMatchObject({
        status: 0,
        value: expected,
        outcome: 'disabled',
      });
    }
    expect(fs.existsSync(xdg)).toBe(false);
  });

  it('keeps the run when the cache cannot be written at exit', () => {
    const xdg = path.join(work, 'xdg');
    const cache = path.join(xdg, 'kiln', 'code-cache');
    fs.mkdirSync(cache, { recursive: true, mode: 0o700 });
    // A directory in the entry's place: the write fails, the run does not.
    const probe = load({ XDG_CACHE_HOME: xdg });
    const entry = entries(cache)[0];
    fs.rmSync(path.join(cache, entry));
    fs.mkdirSync(path.join(cache, entry));
    expect(probe.outcome).toBe('produced');
    expect(load({ XDG_CACHE_HOME: xdg })).toEqual({
      status: 0,
      stderr: '',
      value: expected,
      outcome: 'produced',
    });
  });
});
