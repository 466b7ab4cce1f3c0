import {
  DeleteKeyPairCommand,
  DeleteLaunchTemplateCommand,
  DeleteSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeSecurityGroupsCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetInstanceProfileCommand,
  ListInstanceProfilesForRoleCommand,
  ListRolePoliciesCommand,
  RemoveRoleFromInstanceProfileCommand,
} from '@aws-sdk/client-iam';

import { sleep } from '../../../engine/abort';
import type { RunFinder, SweepOutcome, Sweeper } from '../../../engine/sweep';
import type { LedgerResource } from '../../../engine/types';
import { RUN_TAG_KEY, awsLedgerData, sessionForLedgerEntry } from '../aws/ledger';
import type { AwsSession } from '../aws/session';
import { isInstanceNotFound, waitInstanceTerminated } from '../aws/waiters/instance';

/**
 * Sweepers for what amazon-ebs's launch steps create (ledger kinds aws-instance, aws-key-pair,
 * aws-security-group, aws-instance-profile, aws-iam-role, aws-launch-template), and a run finder
 * for the EC2 resources carrying the run tag. Each sweeper checks that the entry's ID has the
 * shape its kind's builds record, and answers 'gone' for what no longer exists.
 */

function code(e: unknown): string {
  const name = (e as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : '';
}

function isNoSuchEntity(e: unknown): boolean {
  return code(e) === 'NoSuchEntity' || code(e) === 'NoSuchEntityException';
}

/** Runs `fn` with the entry's session, closed afterwards. */
async function withSession<T>(resource: LedgerResource, fn: (s: AwsSession) => Promise<T>): Promise<T> {
  const session = sessionForLedgerEntry(resource);
  try {
    return await fn(session);
  } finally {
    session.destroy();
  }
}

function check(resource: LedgerResource, pattern: RegExp): void {
  if (!pattern.test(resource.id)) {
    throw new Error(`refusing to sweep ${resource.kind} "${resource.id}": not an ID Kiln records for it`);
  }
}

/** A ledger ID `<prefix>/<name>` (see iam-instance-profile.ts): the IAM name. */
function iamName(resource: LedgerResource, prefix: string): string {
  check(resource, new RegExp(`^${prefix}/[\\w+=,.@-]{1,128}$`));
  return resource.id.slice(prefix.length + 1);
}

/** Terminates the instance and waits until it is terminated. */
export const sweepAwsInstance: Sweeper = async (resource, signal) => {
  check(resource, /^i-[0-9a-f]{8,32}$/);
  return withSession(resource, async (session) => {
    const ec2 = session.ec2();
    try {
      const r = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [resource.id] }), {
        abortSignal: signal,
      });
      const state = r.Reservations?.[0]?.Instances?.[0]?.State?.Name;
      if (state === undefined || state === 'terminated') return 'gone';
      await ec2.send(new TerminateInstancesCommand({ InstanceIds: [resource.id] }), { abortSignal: signal });
    } catch (e) {
      if (isInstanceNotFound(e)) return 'gone';
      throw e;
    }
    await waitInstanceTerminated(session, resource.id, signal);
    return 'deleted';
  });
};

export const sweepAwsKeyPair: Sweeper = async (resource, signal) => {
  check(resource, /^[\x20-\x7e]{1,255}$/);
  return withSession(resource, async (session) => {
    const ec2 = session.ec2();
    try {
      await ec2.send(new DescribeKeyPairsCommand({ KeyNames: [resource.id] }), { abortSignal: signal });
    } catch (e) {
      if (code(e) === 'InvalidKeyPair.NotFound') return 'gone';
      throw e;
    }
    await ec2.send(new DeleteKeyPairCommand({ KeyName: resource.id }), { abortSignal: signal });
    return 'deleted';
  });
};

/** Deletes the group, waiting a little while an instance being terminated still holds it. */
export const sweepAwsSecurityGroup: Sweeper = async (resource, signal) => {
  check(resource, /^sg-[0-9a-f]{8,32}$/);
  return withSession(resource, async (session): Promise<SweepOutcome> => {
    for (let attempt = 1; ; attempt++) {
      try {
        await session
          .ec2()
          .send(new DeleteSecurityGroupCommand({ GroupId: resource.id }), { abortSignal: signal });
        return 'deleted';
      } catch (e) {
        if (code(e) === 'InvalidGroup.NotFound' || code(e) === 'InvalidSecurityGroupID.NotFound')
          return 'gone';
        if (code(e) !== 'DependencyViolation' || attempt >= 12) throw e;
        await sleep(5_000, signal);
      }
    }
  });
};

/** Removes its roles, then deletes the instance profile. */
export const sweepAwsInstanceProfile: Sweeper = async (resource, signal) => {
  const name = iamName(resource, 'instance-profile');
  return withSession(resource, async (session) => {
    const iam = session.iam();
    const call = { abortSignal: signal };
    try {
      const r = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name }), call);
      for (const role of r.InstanceProfile?.Roles ?? []) {
        await iam.send(
          new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: name, RoleName: role.RoleName }),
          call,
        );
      }
      await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: name }), call);
      return 'deleted';
    } catch (e) {
      if (isNoSuchEntity(e)) return 'gone';
      throw e;
    }
  });
};

/** Deletes its inline policies, leaves its instance profiles, then deletes the role. */
export const sweepAwsIamRole: Sweeper = async (resource, signal) => {
  const name = iamName(resource, 'iam-role');
  return withSession(resource, async (session) => {
    const iam = session.iam();
    const call = { abortSignal: signal };
    try {
      const policies = await iam.send(new ListRolePoliciesCommand({ RoleName: name }), call);
      for (const policy of policies.PolicyNames ?? []) {
        await iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: policy }), call);
      }
      const profiles = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: name }), call);
      for (const profile of profiles.InstanceProfiles ?? []) {
        await iam.send(
          new RemoveRoleFromInstanceProfileCommand({
            InstanceProfileName: profile.InstanceProfileName,
            RoleName: name,
          }),
          call,
        );
      }
      await iam.send(new DeleteRoleCommand({ RoleName: name }), call);
      return 'deleted';
    } catch (e) {
      if (isNoSuchEntity(e)) return 'gone';
      throw e;
    }
  });
};

export const sweepAwsLaunchTemplate: Sweeper = async (resource, signal) => {
  check(resource, /^packer-fleet-launch-template-[A-Za-z0-9]{7}$/);
  return withSession(resource, async (session) => {
    const ec2 = session.ec2();
    const call = { abortSignal: signal };
    try {
      // Described first: DeleteLaunchTemplate's answer for a missing name is not always NotFound.
      await ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: [resource.id] }), call);
      await ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateName: resource.id }), call);
      return 'deleted';
    } catch (e) {
      if (/^InvalidLaunchTemplate(Name|Id)\.NotFound/.test(code(e))) return 'gone';
      throw e;
    }
  });
};

/** The launch steps' ledger kinds and their sweepers. */
export const LAUNCH_SWEEPERS: Readonly<Record<string, Sweeper>> = {
  'aws-instance': sweepAwsInstance,
  'aws-key-pair': sweepAwsKeyPair,
  'aws-security-group': sweepAwsSecurityGroup,
  'aws-instance-profile': sweepAwsInstanceProfile,
  'aws-iam-role': sweepAwsIamRole,
  'aws-launch-template': sweepAwsLaunchTemplate,
};

/**
 * Finds the run's instances (not yet terminated), key pairs, security groups and launch templates
 * in `session`'s region by the run tag: what a lost ledger would have listed. Instances come first,
 * so a sweep terminates them before it deletes the groups they hold.
 */
export function launchRunFinder(session: AwsSession): RunFinder {
  return async (runId, signal) => {
    const ec2 = session.ec2();
    const call = { abortSignal: signal };
    const filters = [{ Name: `tag:${RUN_TAG_KEY}`, Values: [runId] }];
    const data = awsLedgerData(session);
    const found: LedgerResource[] = [];
    const instances = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          ...filters,
          {
            Name: 'instance-state-name',
            Values: ['pending', 'running', 'stopping', 'stopped', 'shutting-down'],
          },
        ],
      }),
      call,
    );
    for (const reservation of instances.Reservations ?? []) {
      for (const i of reservation.Instances ?? []) {
        if (i.InstanceId) found.push({ id: i.InstanceId, kind: 'aws-instance', data });
      }
    }
    const templates = await ec2.send(new DescribeLaunchTemplatesCommand({ Filters: filters }), call);
    for (const t of templates.LaunchTemplates ?? []) {
      if (t.LaunchTemplateName) found.push({ id: t.LaunchTemplateName, kind: 'aws-launch-template', data });
    }
    const keys = await ec2.send(new DescribeKeyPairsCommand({ Filters: filters }), call);
    for (const k of keys.KeyPairs ?? []) {
      if (k.KeyName) found.push({ id: k.KeyName, kind: 'aws-key-pair', data });
    }
    const groups = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: filters }), call);
    for (const g of groups.SecurityGroups ?? []) {
      if (g.GroupId) found.push({ id: g.GroupId, kind: 'aws-security-group', data });
    }
    return found;
  };
}
