import { DescribeImagesCommand } from '@aws-sdk/client-ec2';

import { type AwsProxy, describeWithAwsEmulator, ec2Client } from '../../../../support/aws-emulator';
import { kiln } from '../../../../support/kiln';
import { tempDir, writeFiles } from '../../../../support/temp';
import {
  REGIONS,
  baseline,
  leftovers,
  motoEndpoint,
  removeImages,
  stackLines,
  template,
  startFaultProxy,
} from './support';

/**
 * Issue 15's throttling proof: with 30% of all AWS calls answered RequestLimitExceeded (spread
 * evenly by the proxy: one call in three or four), the build still succeeds through the SDK's
 * adaptive retries, its AMIs exist in every region, and nothing else of it is left.
 */

jest.setTimeout(120_000);

describeWithAwsEmulator('amazon-ebs under 30% throttling', () => {
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

  it('still builds, copies and tags the AMI', async () => {
    const name = `kiln-throttle-${Date.now()}`;
    const before = await baseline(motoEndpoint());
    const dir = writeFiles(tempDir('kiln-ebs-throttle-'), { 'build.pkr.hcl': template(name, { iam: true }) });
    await proxy.setFaults({ throttle: 0.3 });
    try {
      const run = await kiln(['build', '-color=false', `-var=endpoint=${proxy.endpoint}`, '.'], dir);
      if (run.code !== 0) process.stderr.write(run.out + run.err);
      expect({ code: run.code, err: run.err, stack: stackLines(run.out) }).toEqual({
        code: 0,
        err: '',
        stack: [],
      });
      const amis = Object.fromEntries(
        [...run.out.matchAll(/^(ap-[a-z]+-\d): (ami-[0-9a-f]+)$/gm)].map((m) => [m[1], m[2]]),
      );
      expect(Object.keys(amis).sort()).toEqual([...REGIONS].sort());
      for (const [region, ami] of Object.entries(amis)) {
        const ec2 = ec2Client(motoEndpoint(), { region });
        try {
          const image = (await ec2.send(new DescribeImagesCommand({ ImageIds: [ami] }))).Images?.[0];
          expect({ name: image?.Name, state: image?.State }).toEqual({ name, state: 'available' });
          const tags = Object.fromEntries((image?.Tags ?? []).map((t) => [t.Key, t.Value]));
          expect(tags.Name).toBe(name);
        } finally {
          ec2.destroy();
        }
      }

      // Nothing but the artifact (the AMIs and their snapshots) is left.
      const artifact = Object.values(amis);
      const left = (await leftovers(motoEndpoint(), REGIONS, name, before)).filter(
        (line) => !artifact.some((ami) => line.includes(ami)),
      );
      expect(left).toEqual([]);
    } finally {
      await proxy.setFaults({});
      await removeImages(REGIONS, name);
    }
  });
});
