import { CancelledError, sleep, throwIfAborted } from '../../../engine/abort';
import { type PollingOptions, type WaiterDefaults, effectivePolling } from './polling';

/**
 * Polls a resource until it reaches the state asked for, as the SDK's waiters do, but with the
 * build's AbortSignal and a message that names what was stuck where: "instance i-0abc did not
 * become running: still pending after 40 attempts (Server.InternalError: …)".
 */

/** One look at the resource. */
export interface Observation<T> {
  /** The resource, when it was found. */
  readonly value?: T;
  /** Its state in words (e.g. `pending`, `available`), for messages. */
  readonly state: string;
  /** Why it is in that state, when the API says (an instance's StateReason, an image's StateReason). */
  readonly reason?: string;
}

export interface WaitSpec<T> {
  /** What is waited for, as messages name it: `instance i-0abc`, `AMI ami-0123 in us-west-2`. */
  readonly resource: string;
  /** The state waited for, in words: `running`, `available`. */
  readonly target: string;
  readonly observe: () => Promise<Observation<T>>;
  /** Reached: stop waiting with this observation. */
  readonly done: (o: Observation<T>) => boolean;
  /** A state it can never leave for the target (e.g. `terminated`, `failed`): fail at once. */
  readonly failed?: (o: Observation<T>) => boolean;
  /**
   * An error of observe() that means "not there yet" rather than failure (e.g.
   * InvalidInstanceID.NotFound just after RunInstances, as the SDK's waiters retry it): the
   * observation it stands for. Other errors end the wait at once.
   */
  readonly retryable?: (e: unknown) => Observation<T> | undefined;
  readonly polling: PollingOptions;
  readonly defaults: WaiterDefaults;
  readonly signal: AbortSignal;
}

export class WaitError extends Error {
  constructor(
    message: string,
    /** The last observation, when there was one. */
    readonly last?: Observation<unknown>,
  ) {
    super(message);
    this.name = 'WaitError';
  }
}

function describe<T>(o: Observation<T>): string {
  return o.reason ? `${o.state} (${o.reason})` : o.state;
}

/** observe() raced against the signal, so a hung call does not hold up a cancelled build. */
function observeUnlessAborted<T>(spec: WaitSpec<T>): Promise<Observation<T>> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new CancelledError());
    spec.signal.addEventListener('abort', onAbort, { once: true });
    spec.observe().then(
      (o) => {
        spec.signal.removeEventListener('abort', onAbort);
        resolve(o);
      },
      (e: unknown) => {
        spec.signal.removeEventListener('abort', onAbort);
        const instead = spec.retryable?.(e);
        if (instead !== undefined) resolve(instead);
        else reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Resolves with the resource once `done`; throws WaitError when it fails or attempts run out. */
export async function waitFor<T>(spec: WaitSpec<T>): Promise<T | undefined> {
  const { delayMs, maxAttempts: configured } = effectivePolling(spec.polling, spec.defaults);
  // Packer's settings allow 0 or negative attempts; one look is always taken.
  const maxAttempts = Math.max(1, configured);
  let last: Observation<T> | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    throwIfAborted(spec.signal);
    last = await observeUnlessAborted(spec);
    if (spec.done(last)) return last.value;
    if (spec.failed?.(last)) {
      throw new WaitError(`${spec.resource} did not become ${spec.target}: it is ${describe(last)}`, last);
    }
    if (attempt < maxAttempts) await sleep(Math.max(0, delayMs), spec.signal);
  }
  const state = last === undefined ? 'unknown' : describe(last);
  throw new WaitError(
    `${spec.resource} did not become ${spec.target}: still ${state} after ${maxAttempts} attempt${maxAttempts === 1 ? '' : 's'}`,
    last,
  );
}
