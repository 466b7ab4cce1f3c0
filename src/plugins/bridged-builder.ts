import { CancelledError } from '../engine/abort';
import type { BuildUI } from '../engine/types';
import type { PluginArtifact } from './clients/artifact';
import { BuilderClient, type PrepareResult } from './clients/builder';
import type { RunningComponent } from './launch';
import { RpcServer } from './rpc';
import { HOOK_CLEANUP_PROVISION, HOOK_PROVISION, type HookHandler, hookService } from './services/hook';
import { type UiServiceOptions, registerUi } from './services/ui';

/**
 * One build of a plugin's builder, as Packer core runs it (packer/build.go, rpc.builder): Prepare
 * with the configs, then Run with Kiln serving Ui and Hook on a brokered stream; the plugin calls
 * Hook.Run("packer_provision") once its machine is up, Kiln's provisioners run through the
 * plugin's communicator, and the plugin returns its artifact's broker id.
 *
 * What Packer core leaves to chance is made explicit here:
 * - the build's AbortSignal becomes Builder.Cancel, sent only once the plugin is inside Run (the
 *   SDK's BuilderServer.Cancel calls a cancel function Run creates: a Cancel that overtakes Run
 *   crashes the plugin), then the plugin's Run returns after its own cleanup and is reaped;
 * - a plugin that dies fails the call with its exit status and last log lines (launch.ts);
 * - a plugin that hangs — stops answering yamux pings while running, or does not return from a
 *   cancelled Run in time — is killed, and the error names it.
 */

export class PluginPrepareError extends Error {
  override readonly name = 'PluginPrepareError';
}

export class PluginHangError extends Error {
  override readonly name = 'PluginHangError';
}

export interface BridgedBuilderOptions {
  readonly component: RunningComponent;
  /** Builder.Prepare's configs (the core variables and the user's cty value, in Packer's order). */
  readonly configs: readonly unknown[];
  readonly ui: BuildUI;
  readonly signal: AbortSignal;
  /** Runs the build's provisioners over the plugin's communicator (the builder's packer_provision). */
  readonly provision: HookHandler;
  /** The error-cleanup-provisioner, when provisioning or a later step failed. */
  readonly cleanupProvision?: HookHandler;
  readonly uiOptions?: Omit<UiServiceOptions, 'signal'>;
  readonly timeouts?: BridgeTimeouts;
  /** Hears Prepare's answer (its warnings) before Run starts. */
  readonly onPrepared?: (result: PrepareResult) => void;
}

export interface BridgeTimeouts {
  /** How long a cancelled Run may take to clean up and return before the plugin is killed. */
  readonly cancelGraceMs?: number;
  /** How often the plugin is pinged while it runs, and how long an answer may take. */
  readonly pingIntervalMs?: number;
  readonly pingTimeoutMs?: number;
}

export interface BridgedBuild {
  readonly prepare: PrepareResult;
  /** The plugin's artifact, read; absent when the builder produced none. */
  readonly artifact?: PluginArtifact;
  /** Closes the plugin (the artifact's Destroy needs it until then); resolves once it is reaped. */
  close(): Promise<void>;
}

/** Cleanup after a cancel can be long (a cloud instance to terminate): Packer waits for it. */
const DEFAULT_CANCEL_GRACE_MS = 10 * 60_000;
const DEFAULT_PING_INTERVAL_MS = 30_000;
const DEFAULT_PING_TIMEOUT_MS = 30_000;
/** After the plugin dials Kiln's Ui, its Run creates its cancel function within microseconds. */
const CANCEL_SETTLE_MS = 50;

/**
 * Prepares and runs the builder. Resolves with its artifact, the plugin still running (the caller
 * closes it once the artifact is no longer needed); on any failure or cancellation the plugin is
 * closed and reaped before the error is thrown — CancelledError when the build was cancelled.
 */
export async function runBridgedBuilder(options: BridgedBuilderOptions): Promise<BridgedBuild> {
  const { component, signal } = options;
  const builder = new BuilderClient(component);
  const close = (): Promise<void> => component.close();
  try {
    if (signal.aborted) throw new CancelledError();
    const prepare = await untilAborted(builder.prepare(options.configs), signal);
    if (prepare.error !== undefined) throw new PluginPrepareError(prepare.error);
    options.onPrepared?.(prepare);
    const artifactId = await run(options, builder);
    const artifact = artifactId === 0 ? undefined : await builder.artifact(artifactId);
    return { prepare, ...(artifact ? { artifact } : {}), close };
  } catch (err) {
    await close();
    throw err;
  }
}

async function run(options: BridgedBuilderOptions, builder: BuilderClient): Promise<number> {
  const { component, signal } = options;
  const { broker, session } = component.connection;
  const timeouts = options.timeouts ?? {};
  const server = new RpcServer();
  registerUi(server, options.ui, { ...options.uiOptions, signal });
  const hooks = hookService(
    broker,
    {
      [HOOK_PROVISION]: options.provision,
      ...(options.cleanupProvision ? { [HOOK_CLEANUP_PROVISION]: options.cleanupProvision } : {}),
    },
    signal,
  );
  server.register('Hook', hooks.service);
  const id = broker.nextId();
  const accepted = broker.accept(id);
  accepted.then((stream) => server.serve(stream)).catch(() => undefined);

  const running = builder.run(id);
  const settled = running.then(
    () => undefined,
    () => undefined,
  );
  const stopWatch = watchLiveness(session, timeouts, settled);
  const abort = aborted(signal);
  try {
    const first = await Promise.race([
      running.then((artifactId) => ({ kind: 'done' as const, artifactId })),
      abort.promise.then(() => ({ kind: 'abort' as const })),
      stopWatch.hung.then((why) => ({ kind: 'hung' as const, why })),
    ]);
    if (first.kind === 'done') return first.artifactId;
    if (first.kind === 'hung') {
      throw new PluginHangError(`${component.label} plugin stopped responding (${first.why}); it was killed`);
    }
    await cancel(component, builder, accepted, running, timeouts.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS);
    throw new CancelledError();
  } finally {
    abort.clear();
    stopWatch.stop();
    hooks.dispose();
  }
}

/** Builder.Cancel once Run is under way, then Run's return (its cleanup) within the grace. */
async function cancel(
  component: RunningComponent,
  builder: BuilderClient,
  accepted: Promise<unknown>,
  running: Promise<number>,
  graceMs: number,
): Promise<void> {
  running.catch(() => undefined);
  // The plugin dials Kiln's Ui first thing in Run; if it never does, Run is not running.
  const inRun = await accepted.then(
    () => true,
    () => false,
  );
  if (inRun) {
    await delay(CANCEL_SETTLE_MS);
    await builder.cancel().catch(() => undefined);
  }
  const grace = timer(inRun ? graceMs : 0);
  const returned = await Promise.race([
    running.then(
      () => true,
      () => true,
    ),
    grace.elapsed.then(() => false),
  ]);
  grace.clear();
  if (!returned) {
    await component.close();
    throw new PluginHangError(
      `${component.label} plugin did not stop within ${graceMs / 1000}s of being cancelled; ` +
        'it was killed (what it created may be left behind)',
    );
  }
}

interface LivenessWatch {
  /** Resolves with why, if the plugin stops answering pings. */
  readonly hung: Promise<string>;
  stop(): void;
}

/** Pings the plugin while it runs: a frozen process stops answering (Go answers from its reader). */
function watchLiveness(
  session: RunningComponent['connection']['session'],
  timeouts: BridgeTimeouts,
  settled: Promise<void>,
): LivenessWatch {
  const interval = timeouts.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;
  const limit = timeouts.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let report: (why: string) => void = () => undefined;
  const hung = new Promise<string>((resolve) => (report = resolve));
  const tick = (): void => {
    timer = setTimeout(() => {
      if (stopped || session.closed) return;
      let answered = false;
      session.ping().then(
        () => (answered = true),
        () => undefined, // a closed session fails the Run call itself
      );
      timer = setTimeout(() => {
        if (stopped) return;
        if (!answered && !session.closed) report(`no answer to a ping within ${limit / 1000}s`);
        else tick();
      }, limit);
    }, interval);
  };
  tick();
  void settled.then(() => (stopped = true));
  return {
    hung,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  const abort = aborted(signal);
  return Promise.race([
    work,
    abort.promise.then(() => {
      work.catch(() => undefined);
      throw new CancelledError();
    }),
  ]).finally(abort.clear);
}

/** Resolves when `signal` aborts; `clear` drops the listener once nobody waits for it. */
function aborted(signal: AbortSignal): { promise: Promise<void>; clear: () => void } {
  if (signal.aborted) return { promise: Promise.resolve(), clear: () => undefined };
  let onAbort: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    onAbort = resolve;
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, clear: () => signal.removeEventListener('abort', onAbort) };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A timer that does not keep Kiln alive once cleared. */
function timer(ms: number): { elapsed: Promise<void>; clear: () => void } {
  let handle: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => (handle = setTimeout(resolve, ms)));
  return { elapsed, clear: () => clearTimeout(handle) };
}
