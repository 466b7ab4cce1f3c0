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
  const watch = watchLiveness(component.connection.session, options.timeouts ?? {});
  // A call that a frozen plugin never answers, or that the build no longer waits for.
  const guarded = async <T>(work: Promise<T>): Promise<T> => {
    const abort = aborted(signal);
    try {
      return await Promise.race([
        work,
        abort.promise.then(() => Promise.reject(new CancelledError())),
        watch.hung.then((why) => Promise.reject(hangError(component, why))),
      ]);
    } finally {
      work.catch(() => undefined);
      abort.clear();
    }
  };
  try {
    if (signal.aborted) throw new CancelledError();
    const prepare = await guarded(builder.prepare(options.configs));
    if (prepare.error !== undefined) throw new PluginPrepareError(prepare.error);
    options.onPrepared?.(prepare);
    const artifactId = await run(options, builder, watch);
    const artifact = artifactId === 0 ? undefined : await guarded(builder.artifact(artifactId));
    return { prepare, ...(artifact ? { artifact } : {}), close };
  } catch (err) {
    await close();
    throw err;
  } finally {
    watch.stop();
  }
}

async function run(
  options: BridgedBuilderOptions,
  builder: BuilderClient,
  watch: LivenessWatch,
): Promise<number> {
  const { component, signal } = options;
  const { broker } = component.connection;
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
  running.catch(() => undefined);
  const abort = aborted(signal);
  try {
    const first = await Promise.race([
      running.then((artifactId) => ({ kind: 'done' as const, artifactId })),
      abort.promise.then(() => ({ kind: 'abort' as const })),
      watch.hung.then((why) => ({ kind: 'hung' as const, why })),
    ]);
    if (first.kind === 'done') return first.artifactId;
    if (first.kind === 'hung') throw hangError(component, first.why);
    await cancel(
      component,
      builder,
      accepted,
      running,
      watch,
      timeouts.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS,
    );
    throw new CancelledError();
  } finally {
    abort.clear();
    hooks.dispose();
  }
}

/**
 * Builder.Cancel once Run is under way, then Run's return (its cleanup) within the grace; a plugin
 * that never entered Run has nothing to clean up and is simply closed.
 */
async function cancel(
  component: RunningComponent,
  builder: BuilderClient,
  accepted: Promise<unknown>,
  running: Promise<number>,
  watch: LivenessWatch,
  graceMs: number,
): Promise<void> {
  // The plugin dials Kiln's Ui first thing in Run; if it never does, Run is not running.
  const inRun = await Promise.race([
    accepted.then(
      () => true,
      () => false,
    ),
    running.then(
      () => false,
      () => false,
    ),
  ]);
  if (!inRun) return;
  await delay(CANCEL_SETTLE_MS);
  await builder.cancel().catch(() => undefined);
  const grace = timer(graceMs);
  const outcome = await Promise.race([
    running.then(
      () => 'returned' as const,
      () => 'returned' as const,
    ),
    grace.elapsed.then(() => 'late' as const),
    watch.hung,
  ]);
  grace.clear();
  if (outcome === 'returned') return;
  if (outcome !== 'late') throw hangError(component, outcome);
  throw new PluginHangError(
    `${component.label} plugin did not stop within ${graceMs / 1000}s of being cancelled; ` +
      'it was killed (what it created may be left behind)',
  );
}

function hangError(component: RunningComponent, why: string): PluginHangError {
  return new PluginHangError(`${component.label} plugin stopped responding (${why}); it was killed`);
}

interface LivenessWatch {
  /** Resolves with why, if the plugin stops answering pings. */
  readonly hung: Promise<string>;
  stop(): void;
}

/** Pings the plugin while Kiln waits on it: a frozen process stops answering (Go answers from its reader). */
function watchLiveness(
  session: RunningComponent['connection']['session'],
  timeouts: BridgeTimeouts,
): LivenessWatch {
  const interval = timeouts.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;
  const limit = timeouts.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS;
  let stopped = false;
  let pending: NodeJS.Timeout | undefined;
  let report: (why: string) => void = () => undefined;
  const hung = new Promise<string>((resolve) => (report = resolve));
  const tick = (): void => {
    pending = setTimeout(() => {
      if (stopped || session.closed) return;
      let answered = false;
      session.ping().then(
        () => (answered = true),
        () => undefined, // a closed session fails the calls themselves
      );
      pending = setTimeout(() => {
        if (stopped) return;
        if (!answered && !session.closed) report(`no answer to a ping within ${limit / 1000}s`);
        else tick();
      }, limit);
    }, interval);
  };
  tick();
  return {
    hung,
    stop() {
      stopped = true;
      clearTimeout(pending);
    },
  };
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
