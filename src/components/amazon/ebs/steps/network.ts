import {
  DescribeInstanceTypeOfferingsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type EC2Client,
  type Subnet,
  type Vpc,
} from '@aws-sdk/client-ec2';

import { errorMessage } from '../../../../engine/abort';
import type { BuildUI, Step, StepContext } from '../../../../engine/types';
import type { RunOptions } from '../../options/run';
import { AVAILABILITY_ZONE, SUBNET_ID, VPC_ID } from '../state-keys';
import type { EbsStepDeps } from './deps';
import { ec2Filters } from './launch-support';

/**
 * Packer's StepNetworkInfo: the VPC, subnet and availability zone the instance is launched in.
 * `vpc_filter` and `subnet_filter` find them (a subnet filter matching several needs `most_free`
 * or `random`); `associate_public_ip_address` without a subnet picks the subnet with the most free
 * addresses in the (default) VPC that offers the instance type; a subnet gives its AZ and VPC.
 * Nothing given: EC2 chooses (the default VPC), as in Packer.
 */

/** The subnet with the most free IPv4 addresses (the last of equals, as Packer's sort leaves it). */
export function mostFreeSubnet(subnets: readonly Subnet[]): Subnet {
  return [...subnets].sort((a, b) => (a.AvailableIpAddressCount ?? 0) - (b.AvailableIpAddressCount ?? 0))[
    subnets.length - 1
  ];
}

interface Network {
  vpcId: string;
  subnetId: string;
  availabilityZone: string;
}

async function findVpc(ec2: EC2Client, run: RunOptions, ctx: StepContext): Promise<string> {
  const filters = { ...(run.vpcFilter?.filters ?? {}) };
  const input = { Filters: ec2Filters(filters) };
  let vpcs;
  try {
    vpcs = (await ec2.send(new DescribeVpcsCommand(input), { abortSignal: ctx.signal })).Vpcs ?? [];
  } catch (e) {
    throw new Error(`Error querying VPCs: ${errorMessage(e)}`);
  }
  if (vpcs.length !== 1) {
    throw new Error(
      `Exactly one VPC should match the filter, but ${vpcs.length} VPC's was found matching filters: ${JSON.stringify(input)}`,
    );
  }
  const id = vpcs[0].VpcId ?? '';
  ctx.ui.message(`Found VPC ID: ${id}`);
  return id;
}

async function findSubnet(ec2: EC2Client, run: RunOptions, net: Network, ctx: StepContext): Promise<string> {
  const filter = run.subnetFilter;
  const filters: Record<string, string> = { ...(filter?.filters ?? {}), state: 'available' };
  if (net.vpcId !== '') filters['vpc-id'] = net.vpcId;
  if (net.availabilityZone !== '') filters.availabilityZone = net.availabilityZone;
  const input = { Filters: ec2Filters(filters) };
  let subnets: Subnet[];
  try {
    subnets = (await ec2.send(new DescribeSubnetsCommand(input), { abortSignal: ctx.signal })).Subnets ?? [];
  } catch (e) {
    throw new Error(`Error querying Subnets: ${errorMessage(e)}`);
  }
  if (subnets.length === 0)
    throw new Error(`No Subnets was found matching filters: ${JSON.stringify(input)}`);
  if (subnets.length > 1 && !filter?.random && !filter?.mostFree) {
    throw new Error(
      `Your filter matched ${subnets.length} Subnets. Please try a more specific search, or set random or most_free to true.`,
    );
  }
  const subnet = filter?.mostFree
    ? mostFreeSubnet(subnets)
    : filter?.random
      ? subnets[Math.floor(Math.random() * subnets.length)]
      : subnets[0];
  const id = subnet.SubnetId ?? '';
  ctx.ui.message(`Found Subnet ID: ${id}`);
  return id;
}

/** The AZs among `azs` that offer the instance type; throws when the question fails or none does. */
async function zonesOffering(ec2: EC2Client, azs: readonly string[], type: string, signal: AbortSignal) {
  const offering: string[] = [];
  for (const az of azs) {
    let r;
    try {
      r = await ec2.send(
        new DescribeInstanceTypeOfferingsCommand({
          LocationType: 'availability-zone',
          Filters: [
            { Name: 'location', Values: [az] },
            { Name: 'instance-type', Values: [type] },
          ],
        }),
        { abortSignal: signal },
      );
    } catch (e) {
      throw new Error(`failed to get offerings for AZ "${az}": ${errorMessage(e)}`);
    }
    if ((r.InstanceTypeOfferings ?? []).some((o) => o.InstanceType === type)) offering.push(az);
  }
  if (offering.length === 0) throw new Error(`no AZ match the requested machine type "${type}"`);
  return offering;
}

/** GetDefaultVPCAndSubnet: fills `net` or throws why it could not. */
async function defaultVpcAndSubnet(
  ec2: EC2Client,
  run: RunOptions,
  net: Network,
  ui: BuildUI,
  signal: AbortSignal,
): Promise<void> {
  ui.say(
    `Setting public IP address to ${String(run.associatePublicIpAddress)} on instance without a subnet ID`,
  );
  let vpc = net.vpcId;
  if (vpc === '') {
    ui.say('No VPC ID provided, Packer will use the default VPC');
    let vpcs: Vpc[] | undefined;
    try {
      vpcs = (
        await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }), {
          abortSignal: signal,
        })
      ).Vpcs;
    } catch (e) {
      throw new Error(`Failed to describe VPCs: ${errorMessage(e)}`);
    }
    if (vpcs?.length !== 1) throw new Error('No default VPC found');
    vpc = vpcs[0].VpcId ?? '';
  }
  ui.say(`Inferring subnet from the selected VPC "${vpc}"`);
  let subnets: Subnet[];
  try {
    subnets =
      (
        await ec2.send(
          new DescribeSubnetsCommand({ Filters: ec2Filters({ 'vpc-id': vpc, state: 'available' }) }),
          { abortSignal: signal },
        )
      ).Subnets ?? [];
  } catch (e) {
    throw new Error(`Failed to describe subnets: ${errorMessage(e)}`);
  }
  const azs = [...new Set(subnets.map((s) => s.AvailabilityZone ?? ''))];
  try {
    const offering = await zonesOffering(ec2, azs, run.instanceType, signal);
    subnets = subnets.filter((s) => offering.includes(s.AvailabilityZone ?? ''));
  } catch (e) {
    if (signal.aborted) throw e;
    ui.say(
      `Failed to filter subnets/AZ for the requested machine type "${run.instanceType}": ${errorMessage(e)}`,
    );
    ui.say("This may result in Packer picking a subnet/AZ that can't host the requested machine type");
    ui.say(
      'Please check that you have the permissions required to run DescribeInstanceTypeOfferings and try again.',
    );
  }
  if (subnets.length === 0) throw new Error('Failed to get subnets for the filtered AZs');
  const subnet = mostFreeSubnet(subnets);
  net.subnetId = subnet.SubnetId ?? '';
  net.vpcId = vpc;
  net.availabilityZone = subnet.AvailabilityZone ?? '';
  ui.say(`Set subnet as "${net.subnetId}"`);
}

export function networkStep({ options, session }: EbsStepDeps): Step {
  const run = options.run;
  return {
    name: 'network info',
    async run(ctx) {
      const ec2 = session.ec2();
      const net: Network = {
        vpcId: run.vpcId,
        subnetId: run.subnetId,
        availabilityZone: run.availabilityZone,
      };
      if (net.vpcId === '' && run.vpcFilter !== undefined) net.vpcId = await findVpc(ec2, run, ctx);
      if (net.subnetId === '' && run.subnetFilter !== undefined) {
        net.subnetId = await findSubnet(ec2, run, net, ctx);
      }
      if (run.associatePublicIpAddress !== undefined && net.subnetId === '') {
        try {
          await defaultVpcAndSubnet(ec2, run, net, ctx.ui, ctx.signal);
        } catch (e) {
          if (ctx.signal.aborted) throw e;
          ctx.ui.say('associate_public_ip_address is set without a subnet_id.');
          ctx.ui.say(
            `Packer attempted to infer a subnet from default VPC (if unspecified), but failed due to: ${errorMessage(e)}`,
          );
          ctx.ui.say(
            'The associate_public_ip_address will be ignored for the remainder of the build, and a public IP will only be associated if the VPC chosen enables it by default.',
          );
        }
      }
      if (net.subnetId !== '' && (net.availabilityZone === '' || net.vpcId === '')) {
        let subnet: Subnet | undefined;
        try {
          const r = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [net.subnetId] }), {
            abortSignal: ctx.signal,
          });
          subnet = r.Subnets?.[0];
        } catch (e) {
          throw new Error(`Describing the subnet: ${net.subnetId} returned error: ${errorMessage(e)}.`);
        }
        if (subnet === undefined) throw new Error(`Describing the subnet: ${net.subnetId} found no subnet.`);
        if (net.availabilityZone === '') net.availabilityZone = subnet.AvailabilityZone ?? '';
        if (net.vpcId === '') net.vpcId = subnet.VpcId ?? '';
      }
      ctx.state.set(VPC_ID, net.vpcId);
      ctx.state.set(SUBNET_ID, net.subnetId);
      ctx.state.set(AVAILABILITY_ZONE, net.availabilityZone);
    },
  };
}
