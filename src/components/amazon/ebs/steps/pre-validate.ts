import { DescribeImagesCommand, DescribeRegionsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';

import type { Step, StepContext } from '../../../../engine/types';
import { amiName } from './build-info';
import type { EbsStepDeps } from './deps';
import { awsErrorMessage } from '../../aws/error-text';

/**
 * Packer's StepPreValidate: before anything is launched, check what would make the build fail late.
 * The regions exist (unless skip_region_validation); unless force_deregister (or an AMI is not
 * wanted in the build region, or at all), a VPC given without a subnet is the default one, and no
 * AMI of the same name exists in the build region or in any of `ami_regions` (Packer looks in the
 * build region only; the copies would fail after the whole build otherwise).
 */
export function preValidateStep(deps: EbsStepDeps): Step {
  const { options, session } = deps;
  const ami = options.ami;
  return {
    name: 'pre-validate',
    async run(ctx) {
      if (!ami.skipRegionValidation) await validateRegions(deps, ctx);

      if (ami.forceDeregister) {
        ctx.ui.say('Force Deregister flag found, skipping prevalidating AMI Name');
        return;
      }
      if (ami.skipSaveBuildRegion) {
        ctx.ui.say('skip_build_region was set; not prevalidating AMI name');
        return;
      }
      if (ami.skipCreateAmi) {
        ctx.ui.say('skip_create_ami was set; not prevalidating AMI name');
        return;
      }

      ctx.ui.say('Prevalidating any provided VPC information');
      await checkVpc(deps, ctx);

      const name = amiName(deps, ctx);
      ctx.ui.say(`Prevalidating AMI Name: ${name}`);
      for (const region of [session.region, ...ami.regions.filter((r) => r !== session.region)]) {
        const existing = await session
          .ec2(region)
          .send(
            new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'name', Values: [name] }] }),
            { abortSignal: ctx.signal },
          )
          .catch((e: unknown) => {
            throw new Error(`Error querying AMI: ${awsErrorMessage(e)}`);
          });
        const image = existing.Images?.[0];
        if (image !== undefined) {
          const where = region === session.region ? '' : ` in region ${region}`;
          throw new Error(
            `Error: AMI Name: '${image.Name ?? name}' is used by an existing AMI: ${image.ImageId ?? ''}${where}`,
          );
        }
      }
    },
  };
}

/** AccessConfig.ValidateRegion over `ami_regions` and `region`, with Go's %v of the lists. */
async function validateRegions({ options, session }: EbsStepDeps, ctx: StepContext): Promise<void> {
  const wanted = [...options.ami.regions, session.region].filter((r) => r !== '');
  let known: string[];
  try {
    const r = await session.ec2().send(new DescribeRegionsCommand({}), { abortSignal: ctx.signal });
    known = (r.Regions ?? []).flatMap((region) => (region.RegionName ? [region.RegionName] : []));
  } catch (e) {
    throw new Error(`error validating regions: ${awsErrorMessage(e)}`);
  }
  const invalid = wanted.filter((r) => !known.includes(r));
  if (invalid.length > 0) {
    throw new Error(
      `error validating regions: Invalid region(s): [${invalid.join(' ')}], available regions: [${known.join(' ')}]`,
    );
  }
}

/**
 * A `vpc_id` without `subnet_id` or `subnet_filter` must be the default VPC, where EC2 picks a
 * subnet; with either, the API reports what is wrong.
 */
async function checkVpc({ options, session }: EbsStepDeps, ctx: StepContext): Promise<void> {
  const { vpcId, subnetId, hasSubnetFilter } = options.ami.run;
  if (vpcId === '' || subnetId !== '' || hasSubnetFilter) return;
  let isDefault: boolean | undefined;
  try {
    const r = await session
      .ec2()
      .send(new DescribeVpcsCommand({ VpcIds: [vpcId] }), { abortSignal: ctx.signal });
    isDefault = r.Vpcs?.length === 1 ? r.Vpcs[0].IsDefault === true : undefined;
  } catch (e) {
    throw new Error(`Error retrieving VPC information for vpc_id ${vpcId}: ${awsErrorMessage(e)}`);
  }
  if (isDefault === false) {
    throw new Error(`Error: subnet_id or subnet_filter must be provided for non-default VPCs (${vpcId})`);
  }
}
