import { sleep, throwIfAborted } from '../../../engine/abort';
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
  readonly polling: PollingOptions;
  readonly defaults: WaiterDefaults;
  readonly signal: AbortSignal;
}

export class WaitError extends Error {}

function describe<T>(spec: WaitSpec<T>, o: Observation<T>): string {
  return o.reason ? `${o.state} (${o.reason})` : o.state;
}

/** Resolves with the resource once `done`; throws WaitError when it fails or attempts run out. */
export async function waitFor<T>(spec: WaitSpec<T>): Promise<T | undefined> {
  const { delayMs, maxAttempts } = effectivePolling(spec.polling, spec.defaults);
  let last: Observation<T> | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    throwIfAborted(spec.signal);
    last = await spec.observe();
    if (spec.done(last)) return last.value;
    if (spec.failed?.(last)) {
      throw new WaitError(`${spec.resource} did not become ${spec.target}: it is ${describe(spec, last)}`);
    }
    if (attempt < maxAttempts) await sleep(delayMs, spec.signal);
  }
  const state = last === undefined ? 'unknown' : describe(spec, last);
  throw new WaitError(
    `${spec.resource} did not become ${spec.target}: still ${state} after ${maxAttempts} attempts`,
  );
}
