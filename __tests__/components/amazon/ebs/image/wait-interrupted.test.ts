import type { EC2Client } from '@aws-sdk/client-ec2';

import type { AwsSession } from '../../../../../src/components/amazon/aws/session';
import { AMIS } from '../../../../../src/components/amazon/ebs/state-keys';
import { amiRegionCopyStep } from '../../../../../src/components/amazon/ebs/steps/ami-region-copy';
import { createAmiStep } from '../../../../../src/components/amazon/ebs/steps/create-ami';
import { runSteps } from '../../../../../src/engine/steps';
import type { LedgerResource } from '../../../../../src/engine/types';
import { type AwsProxy, describeWithAwsEmulator, startAwsProxy } from '../../../../support/aws-emulator';
import { type FakeLedger, fakeLedger, fakeStepContext, fakeUI } from '../../../../support/engine-fakes';
import {
  BUILD_REGION,
  COPY_REGIONS,
  ebsDeps,
  imagesNamed,
  launchedState,
  motoEndpoint,
  terminate,
  testSession,
  uniqueName,
} from './image-support';

/**
 * What Packer leaks (packer#10248): an AMI still pending when the build fails or is cancelled, and
 * region copies in flight. Here the proxy in front of moto slows or fails DescribeImages, so that
 * the waits are interrupted; every AMI the build asked for is gone afterwards.
 */

jest.setTimeout(120_000);

/** A ledger that calls `onRecord` after each entry is written (to cancel at a precise moment). */
function watchedLedger(runId: string, onRecord: (r: LedgerResource, all: FakeLedger) => void): FakeLedger {
  const base = fakeLedger(runId);
  return {
    ...base,
    record: (r) => {
      base.record(r);
      onRecord(r, base);
    },
  };
}

describeWithAwsEmulator('amazon-ebs image steps: interrupted waits (moto behind the proxy)', () => {
  let proxy: AwsProxy;
  let session: AwsSession;
  let moto: AwsSession;
  let motoEc2: EC2Client;
  const instances: string[] = [];

  beforeAll(async () => {
    proxy = await startAwsProxy();
    session = testSession(proxy.endpoint, { delayMs: 50, maxAttempts: 40 }, 0);
    moto = testSession(motoEndpoint());
    motoEc2 = moto.ec2(BUILD_REGION);
  });
  afterAll(async () => {
    for (const id of instances) await terminate(motoEc2, id).catch(() => undefined);
    session?.destroy();
    moto?.destroy();
    await proxy?.stop();
  });
  afterEach(async () => {
    await proxy.setFaults({});
  });

  async function setUp(name: string, regions: readonly string[] = []) {
    const deps = ebsDeps(
      session,
      [`ami_name = "${name}"`, `ami_regions = ${JSON.stringify(regions)}`].join('\n'),
    );
    // The instance is moto's own (the API is what matters); CreateImage goes through the proxy.
    const { state, instanceId } = await launchedState(motoEc2);
    instances.push(instanceId);
    return { deps, state };
  }

  it('cancelled while the AMI is pending: the AMI is deregistered', async () => {
    const name = uniqueName('kiln-ebsimage-cancel');
    const { deps, state } = await setUp(name);
    await proxy.setFaults({ latencyMs: 400, operations: ['DescribeImages'] });
    const controller = new AbortController();
    const ledger = watchedLedger('run-cancel', (r) => {
      if (r.kind === 'aws-ami') setTimeout(() => controller.abort(), 150);
    });
    const ui = fakeUI();
    const ctx = fakeStepContext({
      state,
      ui,
      ledger,
      signal: controller.signal,
      build: { runId: 'run-cancel' },
    });

    const result = await runSteps([createAmiStep(deps), amiRegionCopyStep(deps)], ctx);
    expect(result.outcome).toBe('cancelled');
    const imageId = state.require(AMIS)[BUILD_REGION];
    expect(ui.said).toEqual(
      expect.arrayContaining([
        'Waiting for AMI to become ready...',
        'Deregistering the AMI and deleting associated snapshots because of cancellation, or error...',
        `Deregistered AMI id: ${imageId}`,
      ]),
    );
    expect(await imagesNamed(motoEc2, name)).toEqual([]);
    expect(ledger.outstanding()).toEqual([]);
  });

  it('failed while waiting for the AMI: Packer’s message, and the AMI is deregistered', async () => {
    const name = uniqueName('kiln-ebsimage-waitfail');
    const { deps, state } = await setUp(name);
    await proxy.setFaults({
      failOn: {
        operation: 'DescribeImages',
        nth: 1,
        status: 400,
        code: 'UnauthorizedOperation',
        message: 'denied',
      },
    });
    const ledger = fakeLedger('run-waitfail');
    const result = await runSteps(
      [createAmiStep(deps), amiRegionCopyStep(deps)],
      fakeStepContext({ state, ledger, build: { runId: 'run-waitfail' } }),
    );
    expect(result.outcome).toBe('failed');
    expect(String(result.error)).toBe('Error: Error waiting for AMI: UnauthorizedOperation: denied');
    expect(await imagesNamed(motoEc2, name)).toEqual([]);
    expect(ledger.outstanding()).toEqual([]);
  });

  it('cancelled while the region copies are pending: the copies and the AMI are deregistered', async () => {
    const name = uniqueName('kiln-ebsimage-copycancel');
    const { deps, state } = await setUp(name, COPY_REGIONS);
    const controller = new AbortController();
    const ledger = watchedLedger('run-copycancel', (_r, all) => {
      const amis = all.outstanding().filter((e) => e.kind === 'aws-ami');
      // The build region's AMI and both copies: cancel while the copies are waited for.
      if (amis.length === 3) setTimeout(() => controller.abort(), 150);
    });
    const ui = fakeUI();
    const ctx = fakeStepContext({
      state,
      ui,
      ledger,
      signal: controller.signal,
      build: { runId: 'run-copycancel' },
    });
    const create = createAmiStep(deps);
    const copy = amiRegionCopyStep(deps);
    // Between the steps: the build region's AMI is available at once, the copies wait.
    const slowCopies = {
      name: 'slow-down',
      run: () => proxy.setFaults({ latencyMs: 400, operations: ['DescribeImages'] }),
    };

    const result = await runSteps([create, slowCopies, copy], ctx);
    expect(result.outcome).toBe('cancelled');
    expect(ui.said).toContain(
      'Deregistering the AMI copies and deleting their snapshots because of cancellation, or error...',
    );
    for (const region of [BUILD_REGION, ...COPY_REGIONS]) {
      expect(await imagesNamed(moto.ec2(region), name)).toEqual([]);
    }
    expect(ledger.outstanding()).toEqual([]);
  });
});
