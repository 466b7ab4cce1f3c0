import { CancelledError } from '../../../../src/engine/abort';
import { type Observation, WaitError, waitFor } from '../../../../src/components/amazon/aws/wait';

/** The generic waiter against a scripted observe(). */

interface Instance {
  readonly id: string;
}

function script(states: Observation<Instance>[]): {
  observe: () => Promise<Observation<Instance>>;
  calls: () => number;
} {
  let n = 0;
  return {
    observe: () => Promise.resolve(states[Math.min(n++, states.length - 1)]),
    calls: () => n,
  };
}

const base = {
  resource: 'instance i-0abc',
  target: 'running',
  done: (o: Observation<Instance>) => o.state === 'running',
  failed: (o: Observation<Instance>) => o.state === 'terminated',
  defaults: { delayMs: 1, maxAttempts: 40 },
};

describe('waitFor', () => {
  test('resolves with the value once done', async () => {
    const s = script([
      { state: 'pending' },
      { state: 'pending' },
      { state: 'running', value: { id: 'i-0abc' } },
    ]);
    const value = await waitFor({
      ...base,
      observe: s.observe,
      polling: {},
      signal: new AbortController().signal,
    });
    expect(value).toEqual({ id: 'i-0abc' });
    expect(s.calls()).toBe(3);
  });

  test('attempts running out name the resource, its state and the reason', async () => {
    const s = script([{ state: 'pending', reason: 'Server.InternalError: Internal error on launch' }]);
    const waiting = waitFor({
      ...base,
      observe: s.observe,
      polling: { maxAttempts: 3, delayMs: 1 },
      signal: new AbortController().signal,
    });
    await expect(waiting).rejects.toThrow(WaitError);
    await expect(waiting).rejects.toThrow(
      'instance i-0abc did not become running: still pending (Server.InternalError: Internal error on launch) after 3 attempts',
    );
    expect(s.calls()).toBe(3);
  });

  test('a failure state fails at once', async () => {
    const s = script([
      { state: 'pending' },
      { state: 'terminated', reason: 'Client.UserInitiatedShutdown' },
      { state: 'running' },
    ]);
    await expect(
      waitFor({ ...base, observe: s.observe, polling: {}, signal: new AbortController().signal }),
    ).rejects.toMatchObject({
      message: 'instance i-0abc did not become running: it is terminated (Client.UserInitiatedShutdown)',
      last: { state: 'terminated' },
    });
    expect(s.calls()).toBe(2);
  });

  test('an abort stops it in the middle of a sleep', async () => {
    const s = script([{ state: 'pending' }]);
    const controller = new AbortController();
    const started = Date.now();
    const waiting = waitFor({
      ...base,
      observe: s.observe,
      polling: { delayMs: 60_000, maxAttempts: 5 },
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(waiting).rejects.toThrow(CancelledError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(s.calls()).toBe(1);
  });

  test('an abort stops it while observe() hangs', async () => {
    const controller = new AbortController();
    const waiting = waitFor({
      ...base,
      observe: () => new Promise<Observation<Instance>>(() => undefined),
      polling: {},
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(waiting).rejects.toThrow(CancelledError);
  });

  test('an aborted signal stops it before the first look', async () => {
    const s = script([{ state: 'running' }]);
    const controller = new AbortController();
    controller.abort();
    await expect(
      waitFor({ ...base, observe: s.observe, polling: {}, signal: controller.signal }),
    ).rejects.toThrow(CancelledError);
    expect(s.calls()).toBe(0);
  });

  test('retryable errors are observations, others end the wait', async () => {
    const notFound = Object.assign(new Error('The instance ID does not exist'), {
      name: 'InvalidInstanceID.NotFound',
    });
    let n = 0;
    const observe = (): Promise<Observation<Instance>> =>
      n++ === 0 ? Promise.reject(notFound) : Promise.resolve({ state: 'running', value: { id: 'i-1' } });
    const retryable = (e: unknown) => (e === notFound ? { state: 'not found' } : undefined);
    const signal = new AbortController().signal;
    await expect(waitFor({ ...base, observe, retryable, polling: {}, signal })).resolves.toEqual({
      id: 'i-1',
    });

    const broken = new Error('AuthFailure');
    await expect(
      waitFor({ ...base, observe: () => Promise.reject(broken), retryable, polling: {}, signal }),
    ).rejects.toBe(broken);

    await expect(
      waitFor({
        ...base,
        observe: () => Promise.reject(notFound),
        retryable,
        polling: { maxAttempts: 2 },
        signal,
      }),
    ).rejects.toThrow('instance i-0abc did not become running: still not found after 2 attempts');
  });

  test('zero or negative attempts still look once', async () => {
    const s = script([{ state: 'pending' }]);
    await expect(
      waitFor({
        ...base,
        observe: s.observe,
        polling: { maxAttempts: 0 },
        signal: new AbortController().signal,
      }),
    ).rejects.toThrow('still pending after 1 attempt');
    expect(s.calls()).toBe(1);
  });
});
