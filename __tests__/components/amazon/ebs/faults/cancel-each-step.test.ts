import { spawnSync } from 'child_process';

import { type AwsProxy, type Faults, describeWithAwsEmulator } from '../../../../support/aws-emulator';
import { kiln } from '../../../../support/kiln';
import { tempDir, writeFiles } from '../../../../support/temp';
import {
  REGIONS,
  type TemplateOptions,
  baseline,
  leftovers,
  motoEndpoint,
  removeImages,
  stackLines,
  template,
  startFaultProxy,
} from './support';

/**
 * Issue 15's cancellation proof: a SIGINT at each step of the build (the proxy's call counts say
 * which step is running; latency keeps a step's waiting in flight) cancels it as Packer does (exit
 * code 1, "Build was cancelled.", "Cleanly cancelled builds after being interrupted.") and leaves
 * nothing in moto: no live instance, temporary key pair, group, profile or role, no AMI of the
 * build's name in any region (a CreateImage or CopyImage cut short included) and no snapshot.
 */

jest.setTimeout(300_000);

type Trigger = (proxy: AwsProxy) => Promise<boolean>;

interface CancelCase {
  readonly label: string;
  readonly trigger: Trigger;
  readonly faults?: Faults;
  readonly template?: TemplateOptions;
}

/** Whether the proxy has seen each operation at least the given number of times. */
const called =
  (counts: Readonly<Record<string, number>>): Trigger =>
  async (proxy) => {
    const { calls } = await proxy.calls();
    return Object.entries(counts).every(([op, n]) => (calls[op] ?? 0) >= n);
  };

/** Whether the provisioner has started on the instance (it touches a file before sleeping). */
const provisioning: Trigger = async (proxy) => {
  const instances = Object.values(await proxy.instances());
  return instances.some(
    (i) => spawnSync('docker', ['exec', i.container, 'test', '-f', '/root/kiln-started']).status === 0,
  );
};

/** The instance runs and the build is connecting to it over SSH (sshd may not answer yet). */
const connecting: Trigger = async (proxy) =>
  Object.keys(await proxy.instances()).length > 0 && (await called({ DescribeInstances: 1 })(proxy));

const SLOW_IMAGES: Faults = { latencyMs: 1_000, operations: ['DescribeImages'] };

const CASES: readonly CancelCase[] = [
  {
    label: 'creating the temporary security group',
    trigger: called({ CreateSecurityGroup: 1, DescribeSecurityGroups: 1 }),
    faults: { latencyMs: 1_000, operations: ['DescribeSecurityGroups'] },
  },
  {
    label: 'creating the temporary instance profile and role',
    trigger: called({ CreateRole: 1 }),
    template: { iam: true },
  },
  { label: 'RunInstances', trigger: called({ RunInstances: 1 }), template: { iam: true } },
  {
    label: 'waiting for the instance to run',
    trigger: called({ RunInstances: 1, DescribeInstances: 1 }),
    faults: { latencyMs: 1_500, operations: ['DescribeInstances'] },
  },
  { label: 'connecting over SSH', trigger: connecting },
  {
    label: 'provisioning (sleep 5)',
    trigger: provisioning,
    template: { inline: ['touch /root/kiln-started', 'sleep 5'] },
  },
  {
    label: 'stopping the instance',
    trigger: called({ StopInstances: 1 }),
    faults: { latencyMs: 1_000, operations: ['StopInstances', 'DescribeInstances'] },
  },
  { label: 'CreateImage', trigger: called({ CreateImage: 1 }) },
  {
    label: 'waiting for the AMI',
    trigger: called({ CreateImage: 1, DescribeImages: 5 }),
    faults: SLOW_IMAGES,
  },
  { label: 'CopyImage', trigger: called({ CopyImage: 1 }) },
  {
    label: 'waiting for the region copies',
    trigger: called({ CopyImage: 2, DescribeImages: 7 }),
    faults: SLOW_IMAGES,
  },
];

describeWithAwsEmulator('amazon-ebs cancelled (SIGINT) at every step', () => {
  let proxy: AwsProxy;
  const saved = { ...process.env };

  beforeAll(async () => {
    proxy = await startFaultProxy();
    process.env.AWS_ENDPOINT_URL = proxy.endpoint;
  });

  afterAll(async () => {
    process.env = saved;
    await proxy?.stop();
  });

  it.each(CASES.map((c) => [c.label, c] as const))('cancelled while %s: leaves nothing', async (label, c) => {
    const name = `kiln-cancel-${Date.now()}`;
    const before = await baseline(motoEndpoint());
    const dir = writeFiles(tempDir('kiln-ebs-cancel-'), { 'build.pkr.hcl': template(name, c.template) });
    await proxy.resetCalls();
    await proxy.setFaults(c.faults ?? {});
    let cancel: (() => void) | undefined;
    let cancelled = false;
    const running = kiln(['build', '-color=false', `-var=endpoint=${proxy.endpoint}`, '.'], dir, {
      interrupt: (fn) => {
        cancel = fn;
      },
    });
    let done = false;
    void running.finally(() => (done = true));
    const deadline = Date.now() + 60_000;
    while (!done && Date.now() < deadline) {
      if (cancel !== undefined && (await c.trigger(proxy))) {
        cancel();
        cancelled = true;
        // The latency was there to hold the step; cleanup need not wait for it.
        await proxy.setFaults({});
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const run = await running;
    await proxy.setFaults({});
    try {
      expect(cancelled).toBe(true);
      expect(run.code).toBe(1);
      expect(run.err).toMatch(
        /^Cancelling build after receiving interrupt\nBuild 'amazon-ebs\.proof' errored after [^\n]+: Build was cancelled\.\n$/,
      );
      expect(run.out).toMatch(/\nCleanly cancelled builds after being interrupted\.\n$/);
      expect(stackLines(run.out + run.err)).toEqual([]);
      expect(await leftovers(motoEndpoint(), REGIONS, name, before)).toEqual([]);
    } catch (e) {
      process.stderr.write(`cancelled while ${label}:\n${run.out}${run.err}\n`);
      throw e;
    } finally {
      await removeImages(REGIONS, name);
    }
  });
});
