/**
 * Runs one remote request (remote-protocol.ts) in the worker process and waits for its reply.
 *
 * Where the worker is depends on how Kiln runs:
 * - from a bundle (dist/index.js, the action; dist/cli/index.js, the CLI): the worker bundle
 *   dist/remote-worker/index.js, which carries the AWS SDK, so no node_modules are needed;
 * - from compiled sources (tsc into build/): the compiled remote-worker-main.js next to this file;
 * - from the TypeScript sources (ts-jest, `npx jest` without a build): remote-worker-main.ts next
 *   to this file, run by scripts/run-ts.js, which transpiles it with the project's own typescript
 *   package. Tests therefore exercise the current sources, never a stale bundle.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FunctionError } from '../function';
import type { RemoteReply, RemoteRequestBody } from './remote-protocol';

/** Time the worker may spend on the request, retries included. */
export const REQUEST_TIMEOUT_MS = 5000;
/** The process gets longer, to start (loading the SDK) and to report; then it is killed. */
const PROCESS_TIMEOUT_MS = 10000;

type Env = Readonly<Record<string, string | undefined>>;

/** How to start the worker: node's arguments before the worker reads its request from stdin. */
export interface WorkerCommand {
  readonly args: readonly string[];
}

let located: WorkerCommand | null | undefined;

function firstExisting(candidates: readonly string[]): string | undefined {
  return candidates.find((file) => fs.existsSync(file));
}

/**
 * Finds the worker for the current layout (see the file comment); undefined when there is none.
 * `here` is this module's directory; in a bundle that is the bundle's own directory.
 */
export function locateWorker(here: string = __dirname): WorkerCommand | undefined {
  // Names are assembled at run time so that the bundler does not take them for assets to copy.
  const main = ['remote-worker-main', 'js'].join('.');
  const compiled = path.join(here, main);
  if (fs.existsSync(compiled)) return { args: [compiled] };
  const source = path.join(here, main.replace(/js$/, 'ts'));
  const runner = path.resolve(here, '..', '..', '..', '..', 'scripts', 'run-ts.js');
  if (fs.existsSync(source) && fs.existsSync(runner)) return { args: ['--require', runner, source] };
  const bundle = firstExisting(
    // dist/, dist/cli/ and dist/cli/template/ all find dist/remote-worker/.
    [here, path.dirname(here), path.dirname(path.dirname(here))].map((dir) =>
      path.join(dir, 'remote-worker', 'index.js'),
    ),
  );
  return bundle === undefined ? undefined : { args: [bundle] };
}

function worker(): WorkerCommand {
  if (located === undefined) located = locateWorker() ?? null;
  if (located === null)
    throw new FunctionError(
      'the remote function worker is missing: expected remote-worker/index.js next to the Kiln bundle',
    );
  return located;
}

/**
 * Sends the request to a fresh worker process and returns the reply's value. Failures become
 * FunctionErrors: the worker's own message when it answered, else "<service> request failed: ...".
 */
export function runRemoteRequest(request: RemoteRequestBody, env: Env, service: string): unknown {
  // --no-warnings: the SDK's notices (e.g. about Node versions) would only clutter a crash report.
  const r = spawnSync(process.execPath, ['--no-warnings', ...worker().args], {
    input: JSON.stringify({ ...request, timeoutMs: REQUEST_TIMEOUT_MS }),
    env: { ...env } as NodeJS.ProcessEnv,
    timeout: PROCESS_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) {
    const timedOut = (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
    const why = timedOut ? `no reply within ${PROCESS_TIMEOUT_MS / 1000}s` : r.error.message;
    throw new FunctionError(`${service} request failed: ${why}`);
  }
  let reply: RemoteReply | undefined;
  try {
    reply = JSON.parse(r.stdout) as RemoteReply;
  } catch {
    reply = undefined;
  }
  if (reply === undefined || typeof reply !== 'object' || reply === null) {
    const why = (r.stderr || '').trim() || `exit status ${r.status ?? r.signal}`;
    throw new FunctionError(`${service} request failed: ${why}`);
  }
  if (!reply.ok) throw new FunctionError(reply.error || `${service} request failed`);
  return reply.value;
}
