import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { findLedgers } from '../../../../../src/engine/sweep';
import { readLedger } from '../../../../../src/engine/ledger';
import { type AwsProxy, describeWithAwsEmulator } from '../../../../support/aws-emulator';
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
 * Issue 15's failure proof: every EC2 and IAM call the build makes, failing once with an error no
 * retry helps (400 UnauthorizedOperation), fails the build with a clear one-line error (exit code 1,
 * no stack trace) and leaves nothing in moto in any of the three regions or in IAM: no instance
 * that is not terminated, no temporary key pair, security group, launch template, instance profile
 * or role, no AMI of the build's name (region copies included) and no snapshot.
 *
 * Operations called more than once fail at the call that belongs to the step named (calls counted
 * in the order the build makes them; the expected message checks that the right step failed).
 * Cleanup's own calls failing leave what they were deleting: listed in the ledger, which a
 * `kiln sweep` then empties. The list of operations is checked against what a successful build calls.
 */

jest.setTimeout(600_000);

interface FailCase {
  readonly operation: string;
  readonly nth?: number;
  /** What the build's error says (which step failed). */
  readonly error: RegExp;
  readonly template?: TemplateOptions;
}

const IAM: TemplateOptions = { iam: true };

const CASES: readonly FailCase[] = [
  { operation: 'DescribeRegions', error: /^error validating regions: .*Injected failure/ },
  { operation: 'DescribeImages', nth: 1, error: /^Error querying AMI: .*Injected failure/ },
  { operation: 'DescribeImages', nth: 2, error: /^Error querying AMI: .*Injected failure/ },
  { operation: 'ImportKeyPair', error: /^Error creating temporary keypair: .*Injected failure/ },
  { operation: 'CreateSecurityGroup', error: /Injected failure/ },
  { operation: 'DescribeSecurityGroups', error: /^Timed out waiting for security group sg-\w+: .*Injected/ },
  {
    operation: 'AuthorizeSecurityGroupIngress',
    error: /^Error authorizing temporary security group: .*Injected failure/,
  },
  { operation: 'CreateInstanceProfile', error: /Injected failure/, template: IAM },
  {
    operation: 'GetInstanceProfile',
    error: /^Timed out waiting for instance profile packer-/,
    template: IAM,
  },
  { operation: 'CreateRole', error: /Injected failure/, template: IAM },
  { operation: 'GetRole', error: /^Timed out waiting for temporary role packer-/, template: IAM },
  { operation: 'PutRolePolicy', error: /Injected failure/, template: IAM },
  { operation: 'AddRoleToInstanceProfile', error: /Injected failure/, template: IAM },
  { operation: 'RunInstances', error: /^Error launching source instance: .*Injected failure/, template: IAM },
  {
    operation: 'DescribeInstances',
    nth: 1,
    error: /^Error waiting for instance \(i-\w+\) to become ready: .*Injected/,
    template: IAM,
  },
  { operation: 'StopInstances', error: /^Error stopping instance: .*Injected failure/ },
  { operation: 'DescribeInstances', nth: 2, error: /^Error waiting for instance to stop: .*Injected/ },
  { operation: 'CreateImage', error: /^Error creating AMI: .*Injected failure/ },
  // 3 and 4: the source AMI filter's pages; 5: the wait for the new AMI.
  { operation: 'DescribeImages', nth: 5, error: /^Error waiting for AMI: .*Injected failure/ },
  { operation: 'CreateTags', nth: 1, error: /^Error tagging AMI: .*Injected failure/ },
  { operation: 'CopyImage', nth: 1, error: /Error Copying AMI \(ami-\w+\) to region \(ap-northeast-1\)/ },
  { operation: 'CopyImage', nth: 2, error: /Error Copying AMI \(ami-\w+\) to region \(ap-northeast-3\)/ },
  {
    operation: 'DescribeImages',
    nth: 6,
    error: /Error waiting for AMI \(ami-\w+\) in region \(ap-northeast-[13]\)/,
  },
  { operation: 'ModifyImageAttribute', nth: 2, error: /^Error modify AMI attributes: .*Injected failure/ },
  { operation: 'DescribeImages', nth: 8, error: /^Error retrieving details for AMI \(ami-\w+\): .*Injected/ },
  { operation: 'CreateTags', nth: 3, error: /^Error adding tags to Resources \(\["ami-\w+".*Injected/ },
  // The spot path: a launch template and an instant fleet (no SSH: the proxy gives fleet
  // instances no machine), failing once both exist.
  {
    operation: 'CreateImage',
    error: /^Error creating AMI: .*Injected failure/,
    template: { spot: true, communicatorNone: true },
  },
];

/** The calls cleanup makes: failing, they leave their resource for a sweep (one build covers them all). */
const CLEANUP_OPERATIONS = [
  'TerminateInstances',
  'DeleteKeyPair',
  'DeleteSecurityGroup',
  'RemoveRoleFromInstanceProfile',
  'DeleteRolePolicy',
  'DeleteRole',
  'DeleteInstanceProfile',
  'DescribeVolumes',
  'DeleteTags',
];

describeWithAwsEmulator('amazon-ebs with a failure injected at every step', () => {
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

  afterEach(async () => {
    await proxy.setFaults({});
  });

  async function build(name: string, opts: TemplateOptions = {}) {
    const dir = writeFiles(tempDir('kiln-ebs-fail-'), { 'build.pkr.hcl': template(name, opts) });
    return kiln(['build', '-color=false', `-var=endpoint=${proxy.endpoint}`, '.'], dir);
  }

  it('covers every operation a successful build calls', async () => {
    const name = `kiln-fail-ok-${Date.now()}`;
    await proxy.resetCalls();
    try {
      const run = await build(name, { iam: true });
      expect({ code: run.code, err: run.err }).toEqual({ code: 0, err: '' });
      const called = Object.keys((await proxy.calls()).calls);
      const covered = new Set([...CASES.map((c) => c.operation), ...CLEANUP_OPERATIONS]);
      expect(called.filter((op) => !covered.has(op))).toEqual([]);
    } finally {
      await removeImages(REGIONS, name);
    }
  });

  it.each(CASES.map((c) => [`${c.operation}#${c.nth ?? 1}${c.template?.spot ? ' (spot)' : ''}`, c] as const))(
    '%s failing fails the build cleanly and leaves nothing',
    async (label, c) => {
      const name = `kiln-fail-${Date.now()}`;
      const before = await baseline(motoEndpoint());
      await proxy.setFaults({
        failOn: {
          operation: c.operation,
          nth: c.nth ?? 1,
          status: 400,
          code: 'UnauthorizedOperation',
          message: 'Injected failure (kiln fault proof).',
        },
      });
      const run = await build(name, c.template);
      await proxy.setFaults({});
      try {
        expect(run.code).toBe(1);
        const error =
          /^Build 'amazon-ebs\.proof' errored after [^:]+: ([\s\S]*?)\n\n==> Some builds/m.exec(
            run.err,
          )?.[1] ?? run.err;
        expect(error).toMatch(c.error);
        expect(stackLines(run.out + run.err)).toEqual([]);
        expect(await leftovers(motoEndpoint(), REGIONS, name, before)).toEqual([]);
      } catch (e) {
        process.stderr.write(`${label}:\n${run.out}${run.err}\n`);
        throw e;
      } finally {
        await removeImages(REGIONS, name);
      }
    },
  );

  it('cleanup calls failing leave their resources in the ledger, and kiln sweep removes them', async () => {
    const name = `kiln-fail-cleanup-${Date.now()}`;
    const before = await baseline(motoEndpoint());
    // One attempt each (max_retries = 1), every call cleanup makes failing.
    await proxy.setFaults({ error5xx: 1, operations: CLEANUP_OPERATIONS });
    const run = await build(name, { iam: true, maxRetries: 1 }).finally(() => proxy.setFaults({}));
    const amis = [...run.out.matchAll(/^ap-[a-z]+-\d: (ami-[0-9a-f]+)$/gm)].map((m) => m[1]);
    const notArtifact = (line: string) => !amis.some((ami) => line.includes(ami));
    try {
      // As Packer: the AMIs were made; what cleanup could not delete is reported, not fatal.
      expect(run.code).toBe(0);
      expect(stackLines(run.out + run.err)).toEqual([]);
      expect(amis).toHaveLength(3);
      const left = (await leftovers(motoEndpoint(), REGIONS, name, before)).filter(notArtifact);
      const instance = /instance (i-\w+)/.exec(left.join('\n'))?.[1];
      expect(instance).toBeDefined();
      expect(left.join('\n')).toMatch(/key pair packer_/);
      expect(left.join('\n')).toMatch(/security group sg-/);
      expect(left.join('\n')).toMatch(/role packer-/);

      // The build's ledger (kept, as resources are outstanding) lists each of them.
      const ledger = findLedgers(os.tmpdir()).find((l) =>
        readLedger(l).outstanding.some((r) => r.id === instance),
      );
      expect(ledger).toBeDefined();
      expect(
        readLedger(ledger as string)
          .outstanding.map((r) => r.kind)
          .sort(),
      ).toEqual([
        'aws-iam-role',
        'aws-instance',
        'aws-instance-profile',
        'aws-key-pair',
        'aws-security-group',
      ]);
      // A sweep has no template: credentials from its environment (IAM's endpoint too).
      process.env.AWS_ACCESS_KEY_ID = 'test';
      process.env.AWS_SECRET_ACCESS_KEY = 'test';
      const sweep = await kiln(['sweep', ledger as string], os.tmpdir()).finally(() => {
        delete process.env.AWS_ACCESS_KEY_ID;
        delete process.env.AWS_SECRET_ACCESS_KEY;
      });
      expect({ code: sweep.code, err: sweep.err }).toEqual({ code: 0, err: '' });
      expect((await leftovers(motoEndpoint(), REGIONS, name, before)).filter(notArtifact)).toEqual([]);
      expect(fs.existsSync(path.dirname(ledger as string))).toBe(false);
    } catch (e) {
      process.stderr.write(`cleanup failures:\n${run.out}${run.err}\n`);
      throw e;
    } finally {
      await removeImages(REGIONS, name);
    }
  });
});
