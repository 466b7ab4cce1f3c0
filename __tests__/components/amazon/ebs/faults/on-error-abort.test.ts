import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { readLedger } from '../../../../../src/engine/ledger';
import { findLedgers } from '../../../../../src/engine/sweep';
import { type AwsProxy, describeWithAwsEmulator } from '../../../../support/aws-emulator';
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
 * Issue 15's -on-error=abort proof: a build failing at its last step (tagging the AMIs) with
 * -on-error=abort cleans nothing up: its instance, temporary key pair, security group, instance
 * profile and role, AMIs (the region copies too) and snapshots all still exist, each listed in the
 * build's ledger; `kiln sweep` of that ledger then leaves nothing.
 */

jest.setTimeout(120_000);

describeWithAwsEmulator('amazon-ebs with -on-error=abort', () => {
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

  it('keeps every resource, lists each in the ledger, and kiln sweep removes them', async () => {
    const name = `kiln-abort-${Date.now()}`;
    const before = await baseline(motoEndpoint());
    const dir = writeFiles(tempDir('kiln-ebs-abort-'), { 'build.pkr.hcl': template(name, { iam: true }) });
    // The third CreateTags: the tags step, once every AMI and copy exists.
    await proxy.setFaults({
      failOn: { operation: 'CreateTags', nth: 3, status: 400, code: 'UnauthorizedOperation' },
    });
    const run = await kiln(
      ['build', '-color=false', '-on-error=abort', `-var=endpoint=${proxy.endpoint}`, '.'],
      dir,
    ).finally(() => proxy.setFaults({}));
    let ledger: string | undefined;
    let left: string[] = [];
    try {
      expect(run.code).toBe(1);
      expect(run.err).toMatch(/errored after [^:]+: Error adding tags to Resources/);
      expect(stackLines(run.out + run.err)).toEqual([]);

      left = await leftovers(motoEndpoint(), REGIONS, name, before);
      const kinds = (what: RegExp) => left.filter((l) => what.test(l)).length;
      expect({
        instances: kinds(/^ap-south-1 instance i-/),
        keyPairs: kinds(/^ap-south-1 key pair packer_/),
        groups: kinds(/^ap-south-1 security group sg-/),
        amis: kinds(/^\S+ AMI ami-/),
        profiles: kinds(/^instance profile packer-/),
        roles: kinds(/^role packer-/),
      }).toEqual({ instances: 1, keyPairs: 1, groups: 1, amis: 3, profiles: 1, roles: 1 });

      // Each of them is in the build's ledger (kept in the temp directory).
      const instance = /instance (i-\w+)/.exec(left.join('\n'))?.[1];
      ledger = findLedgers(os.tmpdir()).find((l) => readLedger(l).outstanding.some((r) => r.id === instance));
      expect(ledger).toBeDefined();
      // kiln build said where that list is and how to empty it.
      expect(run.err).toContain(`Delete them with: kiln sweep ${ledger as string}`);
      const listed = readLedger(ledger as string).outstanding.map((r) => r.id.replace(/^[a-z-]+\//, ''));
      const unlisted = left.filter((line) => !listed.some((id) => line.includes(id)));
      expect(unlisted).toEqual([]);

      process.env.AWS_ACCESS_KEY_ID = 'test';
      process.env.AWS_SECRET_ACCESS_KEY = 'test';
      const sweep = await kiln(['sweep', ledger as string], os.tmpdir()).finally(() => {
        delete process.env.AWS_ACCESS_KEY_ID;
        delete process.env.AWS_SECRET_ACCESS_KEY;
      });
      expect({ code: sweep.code, err: sweep.err }).toEqual({ code: 0, err: '' });
      expect(await leftovers(motoEndpoint(), REGIONS, name, before)).toEqual([]);
      expect(fs.existsSync(path.dirname(ledger as string))).toBe(false);
    } catch (e) {
      process.stderr.write(`on-error=abort:\n${run.out}${run.err}\nleft:\n${left.join('\n')}\n`);
      throw e;
    } finally {
      await removeImages(REGIONS, name);
    }
  });
});
