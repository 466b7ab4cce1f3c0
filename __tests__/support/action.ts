import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { ActionCore } from '../../src/action/run';
import { useBeforeEach } from './hooks';

/**
 * Runs the committed action bundles as the GitHub runner does: inputs in INPUT_* variables, and the
 * files the runner reads afterwards (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY) in RUNNER_TEMP.
 */

const root = path.resolve(__dirname, '..', '..');
export const MAIN_BUNDLE = path.join(root, 'dist', 'index.js');
export const POST_BUNDLE = path.join(root, 'dist', 'post', 'index.js');

/**
 * What node runs as the main step: the committed bundle (as the runner does), or the same entry
 * point from the TypeScript sources through scripts/run-ts.js (no build needed; the lazily loaded
 * template bundle then comes from the sources too, see src/lazy-bundles.ts).
 */
export const MAIN_FROM_DIST: readonly string[] = [MAIN_BUNDLE];
export const MAIN_FROM_SOURCES: readonly string[] = [
  '--require',
  path.join(root, 'scripts', 'run-ts.js'),
  path.join(root, 'src', 'action', 'main.ts'),
];

export interface ActionRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly state: Record<string, string>;
  readonly summary: string;
}

/** `name<<delimiter\nvalue\ndelimiter` records, as @actions/core writes them. */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]);
    out[m[1]] = value.join('\n');
  }
  return out;
}

export interface ActionWorkspace {
  /** GITHUB_WORKSPACE, and the directory the step runs in. */
  readonly workspace: string;
  /** RUNNER_TEMP: the command files live here. */
  readonly runnerTemp: string;
}

/**
 * A fresh workspace for each test of the enclosing describe block, in a temporary directory named
 * `prefix…`: repo/ (with `dirs` made inside it) and runner-temp/; `prepare` may add files. Removed
 * after each test.
 */
export function useActionWorkspace(
  prefix: string,
  dirs: readonly string[],
  prepare: (ws: ActionWorkspace) => void = () => undefined,
): ActionWorkspace {
  return useBeforeEach(
    () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
      const ws = { workspace: path.join(dir, 'repo'), runnerTemp: path.join(dir, 'runner-temp') };
      fs.mkdirSync(ws.workspace);
      for (const d of dirs) fs.mkdirSync(path.join(ws.workspace, d), { recursive: true });
      fs.mkdirSync(ws.runnerTemp);
      prepare(ws);
      return ws;
    },
    (ws) => fs.rmSync(path.dirname(ws.workspace), { recursive: true, force: true }),
  );
}

function runnerEnv(ws: ActionWorkspace, extra: Record<string, string>): Record<string, string> {
  const files = ['output', 'state', 'summary'].map((f) => path.join(ws.runnerTemp, f));
  for (const f of files) if (!fs.existsSync(f)) fs.writeFileSync(f, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GITHUB_WORKSPACE: ws.workspace,
    RUNNER_TEMP: ws.runnerTemp,
    GITHUB_OUTPUT: files[0],
    GITHUB_STATE: files[1],
    GITHUB_STEP_SUMMARY: files[2],
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'octo/images',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_RUN_ID: '42',
    ...extra,
  };
  if (process.env.DOCKER_HOST) env.DOCKER_HOST = process.env.DOCKER_HOST;
  return env;
}

function inputEnv(inputs: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  // The runner upper-cases the name and keeps dashes: INPUT_WORKING-DIRECTORY.
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase().replace(/ /g, '_')}`] = v;
  return env;
}

function collect(ws: ActionWorkspace, code: number | null, stdout: string, stderr: string): ActionRun {
  const read = (f: string) => fs.readFileSync(path.join(ws.runnerTemp, f), 'utf8');
  return {
    code,
    stdout,
    stderr,
    outputs: parseCommandFile(read('output')),
    state: parseCommandFile(read('state')),
    summary: read('summary'),
  };
}

export function runMain(
  ws: ActionWorkspace,
  inputs: Record<string, string>,
  main: readonly string[] = MAIN_FROM_DIST,
): ActionRun {
  for (const f of ['output', 'state', 'summary']) fs.writeFileSync(path.join(ws.runnerTemp, f), '');
  const r = spawnSync(process.execPath, [...main], {
    cwd: ws.workspace,
    env: runnerEnv(ws, inputEnv(inputs)),
    encoding: 'utf8',
  });
  return collect(ws, r.status, r.stdout, r.stderr);
}

/** Starts the main step; `stop` kills it with `signal` once `ready` matches its output. */
export function startMain(ws: ActionWorkspace, inputs: Record<string, string>) {
  for (const f of ['output', 'state', 'summary']) fs.writeFileSync(path.join(ws.runnerTemp, f), '');
  const child = spawn(process.execPath, [MAIN_BUNDLE], {
    cwd: ws.workspace,
    env: runnerEnv(ws, inputEnv(inputs)),
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => stdout,
    async waitFor(text: string, ms = 30_000): Promise<void> {
      for (let t = 0; t < ms && !stdout.includes(text); t += 100)
        await new Promise((r) => setTimeout(r, 100));
      if (!stdout.includes(text)) throw new Error(`timed out waiting for "${text}":\n${stdout}\n${stderr}`);
    },
    async finished(): Promise<ActionRun> {
      const code = await exited;
      return collect(ws, code, stdout, stderr);
    },
  };
}

/**
 * The post step, with the state the main step saved (the runner passes it as STATE_* variables);
 * `bundle` is dist/post/index.js unless a test runs a copy.
 */
export function runPost(ws: ActionWorkspace, state: Record<string, string>, bundle = POST_BUNDLE) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(state)) env[`STATE_${k}`] = v;
  const r = spawnSync(process.execPath, [bundle], {
    cwd: ws.workspace,
    env: runnerEnv(ws, env),
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * An ActionCore for the action's code run in process: empty inputs, nothing recorded, a summary
 * that is written nowhere; each test passes only what it reads.
 */
export function fakeActionCore(overrides: Partial<ActionCore> = {}): ActionCore {
  return {
    getInput: () => '',
    setOutput: () => undefined,
    setFailed: () => undefined,
    info: () => undefined,
    warning: () => undefined,
    error: () => undefined,
    startGroup: () => undefined,
    endGroup: () => undefined,
    setSecret: () => undefined,
    saveState: () => undefined,
    writeSummary: () => Promise.resolve(),
    ...overrides,
  };
}
