/**
 * Runs one remote request (remote-protocol.ts) in the worker process and waits for its reply.
 *
 * The worker is the `remote-worker` lazily loaded bundle (src/lazy-bundles.ts): from a Kiln bundle
 * dist/remote-worker/index.js, which carries the AWS SDK, so no node_modules are needed; from
 * compiled sources remote-worker-main.js; from the TypeScript sources (ts-jest) remote-worker-main.ts
 * run through scripts/run-ts.js, so tests exercise the current sources, never a stale bundle.
 */
import { spawnSync } from 'node:child_process';
import { lazyBundleNodeArgs } from '../../../lazy-bundles';
import { FunctionError } from '../function';
import type { RemoteReply, RemoteRequestBody } from './remote-protocol';

/** Time the worker may spend on the request, retries included. */
export const REQUEST_TIMEOUT_MS = 5000;
/** The process gets longer, to start (loading the SDK) and to report; then it is killed. */
const PROCESS_TIMEOUT_MS = 10000;

type Env = Readonly<Record<string, string | undefined>>;

let located: readonly string[] | null | undefined;

function workerArgs(): readonly string[] {
  if (located === undefined) located = lazyBundleNodeArgs('remote-worker') ?? null;
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
  const r = spawnSync(process.execPath, ['--no-warnings', ...workerArgs()], {
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
