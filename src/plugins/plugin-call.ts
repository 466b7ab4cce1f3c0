import { CancelledError } from '../engine/abort';
import type { RunningComponent } from './launch';

/**
 * Waiting on a plugin the way a build must: a call is given up when the build is cancelled, a
 * plugin that stops answering yamux pings is reported as hung, and a long call (Builder.Run,
 * Provisioner.Provision, PostProcessor.PostProcess) is cancelled with its component's Cancel and
 * given a grace to clean up and return. What Packer core leaves to chance is explicit here: the
 * SDK's Cancel calls a cancel function the long call creates once it runs — before that it either
 * crashes the plugin (Builder, Provisioner: a nil function) or is lost (PostProcessor) — so Cancel
 * is sent only once the plugin has dialled what Kiln serves for the call, its first act.
 */

export class PluginHangError extends Error {
  override readonly name = 'PluginHangError';
}

export interface BridgeTimeouts {
  /** How long a cancelled call may take to clean up and return before the plugin is killed. */
  readonly cancelGraceMs?: number;
  /** How often the plugin is pinged while it runs, and how long an answer may take. */
  readonly pingIntervalMs?: number;
  readonly pingTimeoutMs?: number;
}

/** Cleanup after a cancel can be long (a cloud instance to terminate): Packer waits for it. */
export const DEFAULT_CANCEL_GRACE_MS = 10 * 60_000;
const DEFAULT_PING_INTERVAL_MS = 30_000;
const DEFAULT_PING_TIMEOUT_MS = 30_000;
/** After the plugin dials Kiln's services, its method creates its cancel function within microseconds. */
const CANCEL_SETTLE_MS = 50;

export interface LivenessWatch {
  /** Resolves with why, if the plugin stops answering pings. */
  readonly hung: Promise<string>;
  stop(): void;
}

/** Pings the plugin while Kiln waits on it: a frozen process stops answering (Go answers from its reader). */
export function watchLiveness(
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

export function hangError(component: RunningComponent, why: string): PluginHangError {
  return new PluginHangError(`${component.label} plugin stopped responding (${why}); it was killed`);
}

/**
 * One plugin component waited on for one job: `guard` a short call (Prepare, reading an artifact)
 * so that cancellation or a hang ends the wait; `longCall` a method with a Cancel of its own.
 * `stop` ends the liveness watch (the caller then closes the component).
 */
export interface PluginWaits {
  guard<T>(work: Promise<T>): Promise<T>;
  longCall<T>(call: LongCall<T>): Promise<T>;
  stop(): void;
}

export interface LongCall<T> {
  /** The call under way. */
  readonly call: Promise<T>;
  /** Resolves once the plugin dialled what Kiln serves for the call (it is inside the method). */
  readonly entered: Promise<unknown>;
  /** The method's Cancel (`Provisioner.Cancel`…). */
  cancel(): Promise<unknown>;
}

export function pluginWaits(
  component: RunningComponent,
  signal: AbortSignal,
  timeouts: BridgeTimeouts = {},
): PluginWaits {
  const watch = watchLiveness(component.connection.session, timeouts);
  return {
    async guard<T>(work: Promise<T>): Promise<T> {
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
    },
    async longCall<T>({ call, entered, cancel }: LongCall<T>): Promise<T> {
      call.catch(() => undefined);
      const abort = aborted(signal);
      try {
        const first = await Promise.race([
          call.then((value) => ({ kind: 'done' as const, value })),
          abort.promise.then(() => ({ kind: 'abort' as const })),
          watch.hung.then((why) => ({ kind: 'hung' as const, why })),
        ]);
        if (first.kind === 'done') return first.value;
        if (first.kind === 'hung') throw hangError(component, first.why);
        await cancelCall(component, call, entered, cancel, watch, timeouts);
        throw new CancelledError();
      } finally {
        abort.clear();
      }
    },
    stop: () => watch.stop(),
  };
}

/**
 * The method's Cancel once it is under way, then its return (its cleanup) within the grace; a
 * plugin that never entered it has nothing to clean up and is simply closed by the caller.
 */
export async function cancelCall(
  component: RunningComponent,
  call: Promise<unknown>,
  entered: Promise<unknown>,
  cancel: () => Promise<unknown>,
  watch: LivenessWatch,
  timeouts: BridgeTimeouts,
): Promise<void> {
  const graceMs = timeouts.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS;
  // The plugin dials what Kiln serves first thing in the call; if it never did, it is not in it.
  const inCall = await Promise.race([
    entered.then(
      () => true,
      () => false,
    ),
    call.then(
      () => false,
      () => false,
    ),
  ]);
  if (!inCall) return;
  await delay(CANCEL_SETTLE_MS);
  await cancel().catch(() => undefined);
  const grace = timer(graceMs);
  const outcome = await Promise.race([
    call.then(
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

/** Resolves when `signal` aborts; `clear` drops the listener once nobody waits for it. */
export function aborted(signal: AbortSignal): { promise: Promise<void>; clear: () => void } {
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
