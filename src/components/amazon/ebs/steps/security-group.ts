import { randomUUID } from 'node:crypto';
import * as net from 'node:net';

import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  type IpPermission,
} from '@aws-sdk/client-ec2';

import { errorMessage, sleep } from '../../../../engine/abort';
import type { Step } from '../../../../engine/types';
import { awsLedgerData } from '../../aws/ledger';
import { waitFor } from '../../aws/wait';
import { communicatorPort } from '../../options/run';
import { SECURITY_GROUP_IDS, VPC_ID } from '../state-keys';
import type { EbsStepDeps } from './deps';
import { awsErrorCode } from '../../aws/errors';
import { ec2Filters, ec2Tags, tagSpecifications } from './launch-support';

/**
 * Packer's StepSecurityGroup: the groups given by `security_group_ids`, those `security_group_filter`
 * finds in the VPC, or a temporary group `packer_<uuid>` opening the communicator port to
 * `temporary_security_group_source_cidrs` (or to this machine's public IP). The temporary group is
 * in the ledger from the moment its ID is known (and carries the run tag before that); cleanup
 * deletes it, retrying while the terminating instance still holds it (DependencyViolation).
 */

/** How long cleanup keeps trying while the group is still in use: 24 × 5 s. */
export const SECURITY_GROUP_DELETE_TRIES = 24;
const SECURITY_GROUP_DELETE_DELAY_MS = 5_000;

/** The ingress rule for `port` from `cidrs`, IPv4 and IPv6 ranges apart; throws on a bad CIDR. */
export function ingressPermission(port: number, cidrs: readonly string[]): IpPermission {
  const permission: IpPermission = {
    IpProtocol: 'tcp',
    FromPort: port,
    ToPort: port,
    IpRanges: [],
    Ipv6Ranges: [],
  };
  for (const cidr of cidrs) {
    const [address, bits] = cidr.split('/');
    const family = net.isIP(address ?? '');
    if (
      family === 0 ||
      bits === undefined ||
      !/^\d+$/.test(bits) ||
      Number(bits) > (family === 4 ? 32 : 128)
    ) {
      throw new Error(`invalid CIDR address: ${cidr}`);
    }
    if (family === 4) permission.IpRanges?.push({ CidrIp: cidr });
    else permission.Ipv6Ranges?.push({ CidrIpv6: cidr });
  }
  return permission;
}

/** CheckPublicIp: this machine's public address, as checkip.amazonaws.com sees it. */
async function publicIp(signal: AbortSignal): Promise<string> {
  const r = await fetch('https://checkip.amazonaws.com/', { signal });
  if (!r.ok) throw new Error(`Error checking the public IP: HTTP ${r.status}`);
  const ip = (await r.text()).trim();
  if (net.isIP(ip) === 0) throw new Error(`Error checking the public IP: "${ip}" is no address`);
  if (ip === '0.0.0.0' || ip === '::') throw new Error(`Current host's public IP is unspecified: ${ip}`);
  return ip;
}

export function securityGroupStep({ options, session }: EbsStepDeps): Step {
  const run = options.run;
  let createdGroupId: string | undefined;
  return {
    name: 'security group',
    async run(ctx) {
      const ec2 = session.ec2();
      const vpcId = ctx.state.get(VPC_ID) ?? '';
      if (run.securityGroupIds.length > 0) {
        try {
          await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [...run.securityGroupIds] }), {
            abortSignal: ctx.signal,
          });
        } catch (e) {
          throw new Error(`Couldn't find specified security group: ${errorMessage(e)}`);
        }
        ctx.state.set(SECURITY_GROUP_IDS, run.securityGroupIds);
        return;
      }
      if (run.securityGroupFilter !== undefined) {
        const filters = { ...run.securityGroupFilter.filters, ...(vpcId !== '' ? { 'vpc-id': vpcId } : {}) };
        let ids: string[];
        try {
          const r = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: ec2Filters(filters) }), {
            abortSignal: ctx.signal,
          });
          ids = (r.SecurityGroups ?? []).map((g) => g.GroupId ?? '');
        } catch (e) {
          throw new Error(`Couldn't find security groups for filter: ${errorMessage(e)}`);
        }
        ctx.ui.message(`Found Security Group(s): ${ids.join(', ')}`);
        ctx.state.set(SECURITY_GROUP_IDS, ids);
        return;
      }

      const groupName = `packer_${randomUUID()}`;
      ctx.ui.say(`Creating temporary security group for this instance: ${groupName}`);
      const created = await ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: groupName,
          Description: 'Temporary group for Packer',
          VpcId: vpcId === '' ? undefined : vpcId,
          TagSpecifications: tagSpecifications([['security-group', ec2Tags(run.runTags, ctx.build.runId)]]),
        }),
        { abortSignal: ctx.signal },
      );
      const groupId = created.GroupId ?? '';
      ctx.ledger.record({ id: groupId, kind: 'aws-security-group', data: awsLedgerData(session) });
      createdGroupId = groupId;

      try {
        await waitFor({
          resource: `security group ${groupId}`,
          target: 'visible',
          observe: async () => {
            try {
              const r = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }), {
                abortSignal: ctx.signal,
              });
              return { state: (r.SecurityGroups ?? []).length > 0 ? 'visible' : 'not found' };
            } catch (e) {
              if (/^InvalidGroup(Id)?\.NotFound$|^InvalidSecurityGroupID\.NotFound$/.test(awsErrorCode(e))) {
                return { state: 'not found' };
              }
              throw e;
            }
          },
          done: (o) => o.state === 'visible',
          polling: {},
          defaults: { delayMs: 5_000, maxAttempts: 40 },
          signal: ctx.signal,
        });
      } catch (e) {
        throw new Error(`Timed out waiting for security group ${groupId}: ${errorMessage(e)}`);
      }

      let cidrs = run.temporarySecurityGroupSourceCidrs;
      if (cidrs.length !== 0 && run.temporarySecurityGroupSourcePublicIp) {
        ctx.ui.say(
          'Using temporary_security_group_source_public_ip with temporary_security_group_source_cidrs is unsupported, ignoring temporary_security_group_source_public_ip.',
        );
      }
      if (cidrs.length === 0 && run.temporarySecurityGroupSourcePublicIp) {
        ctx.ui.say("Checking current host's public IP...");
        const ip = await publicIp(ctx.signal);
        ctx.ui.say(`Current host's public IP: ${ip}`);
        cidrs = [`${ip}/${net.isIPv4(ip) ? 32 : 128}`];
      }
      const permission = ingressPermission(communicatorPort(run), cidrs);
      ctx.state.set(SECURITY_GROUP_IDS, [groupId]);

      // Session Manager reaches the instance from inside: no port to open (SSMAgentEnabled).
      const ssmAgent =
        run.sshInterface === 'session_manager' &&
        (run.iamInstanceProfile !== '' || run.temporaryIamInstanceProfilePolicyDocument !== undefined);
      if (ssmAgent) return;

      ctx.ui.say(
        `Authorizing access to port ${communicatorPort(run)} from [${cidrs.join(' ')}] in the temporary security groups...`,
      );
      try {
        await ec2.send(
          new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [permission] }),
          {
            abortSignal: ctx.signal,
          },
        );
      } catch (e) {
        throw new Error(`Error authorizing temporary security group: ${errorMessage(e)}`);
      }
    },

    async cleanup(ctx) {
      if (createdGroupId === undefined) return;
      const groupId = createdGroupId;
      ctx.ui.say('Deleting temporary security group...');
      let lastError: unknown;
      for (let attempt = 1; attempt <= SECURITY_GROUP_DELETE_TRIES; attempt++) {
        try {
          await session.ec2().send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
          lastError = undefined;
          break;
        } catch (e) {
          const code = awsErrorCode(e);
          if (code === 'InvalidGroup.NotFound' || code === 'InvalidSecurityGroupID.NotFound') {
            lastError = undefined;
            break;
          }
          lastError = e;
          // Only an instance still holding the group is worth waiting for.
          if (code !== 'DependencyViolation' || attempt === SECURITY_GROUP_DELETE_TRIES) break;
          await sleep(SECURITY_GROUP_DELETE_DELAY_MS, new AbortController().signal);
        }
      }
      if (lastError !== undefined) {
        ctx.ui.error(
          `Error cleaning up security group. Please delete the group manually: err: ${errorMessage(lastError)}; security group ID: ${groupId}`,
        );
        return;
      }
      ctx.ledger.release(groupId);
      createdGroupId = undefined;
    },
  };
}
