import { DescribeInstancesCommand, type EC2Client, type Instance } from '@aws-sdk/client-ec2';

import type { WaiterDefaults } from '../polling';
import type { AwsSession } from '../session';
import { type Observation, WaitError, waitFor } from '../wait';

/**
 * The instance waiters Packer uses (aws-sdk-go's InstanceRunning, InstanceStopped and
 * InstanceTerminated: every 15 s, 40 times, unless `aws_polling` says otherwise), on the build's
 * AbortSignal. Each resolves with the instance as last described (undefined once it is gone).
 */

const INSTANCE_WAITER_DEFAULTS: WaiterDefaults = { delayMs: 15_000, maxAttempts: 40 };

/** The error names of an instance that does not exist (yet, or any more). */
export function isInstanceNotFound(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'InvalidInstanceID.NotFound' || name === 'InvalidInstanceID.Malformed';
}

async function observe(
  ec2: EC2Client,
  instanceId: string,
  signal: AbortSignal,
): Promise<Observation<Instance>> {
  try {
    const r = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }), {
      abortSignal: signal,
    });
    const instance = r.Reservations?.[0]?.Instances?.[0];
    if (instance === undefined) return { state: 'not found' };
    return {
      value: instance,
      state: instance.State?.Name ?? 'unknown',
      reason: instance.StateReason?.Message,
    };
  } catch (e) {
    // Eventual consistency: a new instance may not be described yet; a terminated one may be gone.
    if (isInstanceNotFound(e)) return { state: 'not found' };
    throw e;
  }
}

interface InstanceWait {
  readonly target: string;
  readonly failedStates: readonly string[];
  /** Whether an instance that cannot be found has reached the target (terminated: yes). */
  readonly goneIsDone: boolean;
}

async function waitInstance(
  session: AwsSession,
  instanceId: string,
  signal: AbortSignal,
  wait: InstanceWait,
  region?: string,
): Promise<Instance | undefined> {
  const ec2 = session.ec2(region);
  return waitFor<Instance>({
    resource: `instance ${instanceId}`,
    target: wait.target,
    observe: () => observe(ec2, instanceId, signal),
    done: (o) => o.state === wait.target || (wait.goneIsDone && o.state === 'not found'),
    failed: (o) => wait.failedStates.includes(o.state),
    polling: session.polling,
    defaults: INSTANCE_WAITER_DEFAULTS,
    signal,
  });
}

/** Until the instance is `running`; fails at once when it is shutting down, terminated or stopping. */
export async function waitInstanceRunning(
  session: AwsSession,
  instanceId: string,
  signal: AbortSignal,
  region?: string,
): Promise<Instance> {
  const instance = await waitInstance(
    session,
    instanceId,
    signal,
    { target: 'running', failedStates: ['shutting-down', 'terminated', 'stopping'], goneIsDone: false },
    region,
  );
  if (instance === undefined) throw new WaitError(`instance ${instanceId} did not become running`);
  return instance;
}

/** Until the instance is `stopped`; fails at once when it is pending or terminated. */
export async function waitInstanceStopped(
  session: AwsSession,
  instanceId: string,
  signal: AbortSignal,
  region?: string,
): Promise<Instance> {
  const instance = await waitInstance(
    session,
    instanceId,
    signal,
    { target: 'stopped', failedStates: ['pending', 'terminated'], goneIsDone: false },
    region,
  );
  if (instance === undefined) throw new WaitError(`instance ${instanceId} did not become stopped`);
  return instance;
}

/** Until the instance is `terminated` (or no longer described at all). */
export async function waitInstanceTerminated(
  session: AwsSession,
  instanceId: string,
  signal: AbortSignal,
  region?: string,
): Promise<Instance | undefined> {
  return waitInstance(
    session,
    instanceId,
    signal,
    // Not failing on pending/stopping (as the SDK does): a build cancelled while the instance
    // starts or stops is still terminated, and cleanup must wait for that.
    { target: 'terminated', failedStates: [], goneIsDone: true },
    region,
  );
}
