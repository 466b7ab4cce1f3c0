import { BoolType } from '../../values/types';
import type { WithCommunicator } from '../../schema/communicator';
import type { ComponentSchema, ConfigProblem, ConfigView, FieldSpec } from '../../schema/types';
import { goBool, goTrilean } from '../../schema/go-fields';
import { sharedView } from '../../schema/shared-view';
import { ACCESS_CONFIG_FIELDS, validateAccessConfig } from './access-config';
import { AMI_CONFIG_FIELDS, validateAmiConfig } from './ami-config';
import { BLOCK_DEVICE_MAPPING } from './block-devices';
import { STRING_MAP, nameValueBlock } from './common-blocks';
import { FAST_LAUNCH_FIELDS, validateFastLaunch } from './fast-launch';
import { RUN_CONFIG_FIELDS } from './run-config';
import { isSpotInstance, validateRunConfig } from './run-config-checks';

/**
 * The `amazon-ebs` builder (github.com/hashicorp/amazon, builder/ebs/builder.go): launch an instance
 * from a source AMI, provision it, stop it and register an EBS-backed AMI from its volumes. Its
 * options are the access, AMI and run configurations shared by the amazon builders, plus the
 * block device mappings and a few of its own.
 */

const EBS_FIELDS = [
  {
    name: 'skip_create_ami',
    type: BoolType,
    doc: 'Run the build without registering an AMI (to test provisioning).',
  },
  { name: 'skip_ami_run_tags', type: BoolType, doc: 'Do not copy `run_tags` onto the AMI.' },
  {
    name: 'ami_block_device_mappings',
    type: BLOCK_DEVICE_MAPPING,
    doc: 'Block device mappings recorded in the AMI, attached when instances launch from it.',
  },
  {
    name: 'launch_block_device_mappings',
    type: BLOCK_DEVICE_MAPPING,
    doc: 'Volumes attached to the build instance; they are snapshotted into the AMI.',
  },
  {
    name: 'run_volume_tags',
    type: STRING_MAP,
    doc: 'Tags applied to the volumes of the build instance (not to the AMI).',
  },
  nameValueBlock('run_volume_tag', 'run_volume_tags'),
  {
    name: 'no_ephemeral',
    type: BoolType,
    doc: 'Windows guests: hide the instance store (ephemeral) drives from the instance.',
  },
  {
    name: 'fast_launch',
    type: { kind: 'block', repeated: false, fields: FAST_LAUNCH_FIELDS },
    doc: 'Enable Windows fast launch for the AMI.',
  },
] as const satisfies readonly FieldSpec[];

/** Every option of amazon-ebs but the communicator's. */
export const AMAZON_EBS_FIELDS = [
  ...ACCESS_CONFIG_FIELDS,
  ...AMI_CONFIG_FIELDS,
  ...RUN_CONFIG_FIELDS,
  ...EBS_FIELDS,
] as const satisfies readonly FieldSpec[];

/** What amazon-ebs's checks (and runtime) read. */
export type AmazonEbsView = ConfigView<WithCommunicator<typeof AMAZON_EBS_FIELDS>>;

function validateEbs(view: AmazonEbsView): ConfigProblem[] {
  const runConfig = sharedView<WithCommunicator<typeof RUN_CONFIG_FIELDS>>()(view);
  const problems: ConfigProblem[] = [
    ...validateAccessConfig(sharedView<typeof ACCESS_CONFIG_FIELDS>()(view)),
    ...validateAmiConfig(sharedView<typeof AMI_CONFIG_FIELDS>()(view)),
    ...validateRunConfig(runConfig),
    ...validateFastLaunch(view),
  ];

  const ena = goTrilean(view, 'ena_support');
  const sriov = goBool(view, 'sriov_support');
  if (isSpotInstance(runConfig) === true && (ena === true || sriov === true)) {
    problems.push({
      message:
        'Spot instances do not support modification, which is required when either `ena_support` or ' +
        '`sriov_support` are set. Please ensure you use an AMI that already has either SR-IOV or ENA enabled.',
      field: ena === true ? 'ena_support' : 'sriov_support',
    });
  }

  if (goBool(view, 'enable_t2_unlimited') === true) {
    problems.push({
      severity: 'warning',
      message:
        'enable_t2_unlimited is deprecated please use enable_unlimited_credits. In future versions of Packer, ' +
        'inclusion of enable_t2_unlimited will error your builds.',
      field: 'enable_t2_unlimited',
    });
  }
  return problems;
}

export const AMAZON_EBS_SCHEMA: ComponentSchema<
  typeof AMAZON_EBS_FIELDS,
  WithCommunicator<typeof AMAZON_EBS_FIELDS>
> = {
  kind: 'builder',
  type: 'amazon-ebs',
  plugin: 'github.com/hashicorp/amazon',
  doc:
    'Launches an EC2 instance from a source AMI, runs the provisioners on it, stops it and registers ' +
    'an EBS-backed AMI from its volumes, optionally copied to other regions. The instance and the ' +
    'temporary key pair, security group and instance profile are removed at the end.',
  fields: AMAZON_EBS_FIELDS,
  communicator: 'ssh',
  validate: validateEbs,
};
