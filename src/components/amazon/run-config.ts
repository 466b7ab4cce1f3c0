import { BoolType, NumberType, StringType, listOf } from '../../values/types';
import type { FieldSpec } from '../../schema/types';
import {
  STRING_MAP,
  SUBNET_FILTER_EXTRA_FIELDS,
  keyValueBlock,
  nameValueFilterFields,
} from './common-blocks';
import { METADATA_OPTIONS_BLOCK } from './metadata-options';

/**
 * The instance Packer launches to build on (common/run_config.go): what it runs, where in the
 * network, how it is reached, spot requests, and its tags. The checks are in run-config-checks.ts.
 */

const STRINGS = listOf(StringType);

const AMI_FILTER_FIELDS = [
  {
    name: 'filters',
    type: STRING_MAP,
    doc: 'DescribeImages filters, filter name to value (`name`, `virtualization-type`, `root-device-type`, ...).',
  },
  {
    name: 'owners',
    type: STRINGS,
    doc: 'Account IDs or aliases (`amazon`, `self`, ...) whose AMIs may be used. Required.',
  },
  {
    name: 'most_recent',
    type: BoolType,
    doc: 'Use the newest matching AMI instead of failing when several match.',
  },
  { name: 'include_deprecated', type: BoolType, doc: 'Also consider deprecated AMIs.' },
] as const satisfies readonly FieldSpec[];

const POLICY_STATEMENT_FIELDS = [
  { name: 'Effect', type: StringType, doc: '`Allow` or `Deny`.' },
  { name: 'Action', type: STRINGS, doc: 'The IAM actions the statement covers.' },
  { name: 'Resource', type: STRINGS, doc: 'The resources the statement covers.' },
] as const satisfies readonly FieldSpec[];

const POLICY_DOCUMENT_FIELDS = [
  { name: 'Version', type: StringType, doc: 'The policy language version, such as `2012-10-17`.' },
  {
    name: 'Statement',
    type: { kind: 'block', repeated: true, fields: POLICY_STATEMENT_FIELDS },
    doc: 'One statement of the policy.',
  },
] as const satisfies readonly FieldSpec[];

const LICENSE_SPECIFICATION_FIELDS = [
  {
    name: 'license_configuration_request',
    type: {
      kind: 'block',
      repeated: false,
      fields: [
        {
          name: 'license_configuration_arn',
          type: StringType,
          doc: 'The ARN of the License Manager license configuration.',
        },
      ],
    },
    doc: 'The license configuration to associate with the instance.',
  },
] as const satisfies readonly FieldSpec[];

const PLACEMENT_FIELDS = [
  {
    name: 'host_resource_group_arn',
    type: StringType,
    doc: 'The host resource group to launch in; not with `host_id`.',
  },
  { name: 'host_id', type: StringType, doc: 'The dedicated host to launch on.' },
  { name: 'tenancy', type: StringType, doc: '`default`, `dedicated` or `host`.' },
] as const satisfies readonly FieldSpec[];

/** RunConfig.Prepare's allowed `ssh_interface` values. */
export const SSH_INTERFACES: readonly string[] = [
  'public_ip',
  'private_ip',
  'public_dns',
  'private_dns',
  'ipv6',
  'session_manager',
];

export const RUN_CONFIG_FIELDS = [
  {
    name: 'associate_public_ip_address',
    type: BoolType,
    doc: 'Give (true) or do not give (false) the instance a public IP address.',
    defaultDoc: "the subnet's setting",
  },
  { name: 'availability_zone', type: StringType, doc: 'The availability zone to launch in.' },
  {
    name: 'block_duration_minutes',
    type: NumberType,
    doc: 'Deprecated spot blocks: the spot instance duration, a multiple of 60.',
  },
  {
    name: 'capacity_reservation_preference',
    type: StringType,
    doc: '`open` to use a matching open capacity reservation, or `none`.',
    defaultDoc: '`none`, unless a reservation is targeted',
  },
  { name: 'capacity_reservation_id', type: StringType, doc: 'The capacity reservation to launch into.' },
  {
    name: 'capacity_reservation_group_arn',
    type: StringType,
    doc: 'The capacity reservation group to launch into.',
  },
  {
    name: 'disable_stop_instance',
    type: BoolType,
    doc: 'Do not stop the instance before creating the AMI; a provisioner must then stop it (for example sysprep).',
  },
  { name: 'ebs_optimized', type: BoolType, doc: 'Launch an EBS-optimized instance.' },
  {
    name: 'enable_nitro_enclave',
    type: BoolType,
    doc: 'Enable AWS Nitro Enclaves on the instance (not with spot or burstable instances).',
  },
  {
    name: 'enable_t2_unlimited',
    type: BoolType,
    doc: 'Deprecated alias of `enable_unlimited_credits`.',
  },
  {
    name: 'enable_unlimited_credits',
    type: BoolType,
    doc: 'Launch a burstable (T2, T3, T4g) instance with unlimited CPU credits.',
  },
  {
    name: 'iam_instance_profile',
    type: StringType,
    doc: 'The IAM instance profile to launch the instance with.',
  },
  { name: 'fleet_tags', type: STRING_MAP, doc: 'Tags applied to the EC2 fleet of a spot request.' },
  keyValueBlock('fleet_tag', 'fleet_tags'),
  {
    name: 'skip_profile_validation',
    type: BoolType,
    doc: 'Do not check that `iam_instance_profile` exists and has a role.',
  },
  {
    name: 'temporary_iam_instance_profile_policy_document',
    type: { kind: 'block', repeated: false, fields: POLICY_DOCUMENT_FIELDS },
    doc: 'Create a temporary instance profile and role with this policy for the build.',
  },
  {
    name: 'shutdown_behavior',
    type: StringType,
    doc: 'What an instance shutdown does: `stop` or `terminate`.',
    default: 'stop',
  },
  {
    name: 'instance_type',
    type: StringType,
    doc: 'The EC2 instance type, such as `t3.micro`. Either this or `spot_instance_types` is required.',
  },
  {
    name: 'security_group_filter',
    type: { kind: 'block', repeated: false, fields: nameValueFilterFields() },
    doc: 'Find the security groups to use by filters instead of IDs.',
  },
  {
    name: 'run_tags',
    type: STRING_MAP,
    doc: 'Tags applied to the instance and the resources Packer creates for it.',
  },
  keyValueBlock('run_tag', 'run_tags'),
  {
    name: 'security_group_id',
    type: StringType,
    doc: 'The security group to use.',
    conflictsWith: ['security_group_ids'],
  },
  {
    name: 'security_group_ids',
    type: STRINGS,
    doc: 'The security groups to use.',
    conflictsWith: ['security_group_id'],
    defaultDoc: 'a temporary group opening the communicator port',
  },
  {
    name: 'source_ami',
    type: StringType,
    doc: 'The AMI to start from. Either this or `source_ami_filter` is required.',
  },
  {
    name: 'source_ami_filter',
    type: { kind: 'block', repeated: false, fields: AMI_FILTER_FIELDS },
    doc: 'Find the AMI to start from by filters and owners instead of `source_ami`.',
  },
  {
    name: 'spot_allocation_strategy',
    type: StringType,
    doc:
      'How the spot fleet picks pools: `lowest-price`, `diversified`, `capacity-optimized`, ' +
      '`capacity-optimized-prioritized` or `price-capacity-optimized`.',
  },
  {
    name: 'spot_instance_types',
    type: STRINGS,
    doc: 'Instance types acceptable for a spot request, instead of `instance_type`.',
  },
  {
    name: 'spot_price',
    type: StringType,
    doc: 'Request a spot instance at up to this hourly price; `""` or `"0"` launches on demand.',
  },
  {
    name: 'spot_price_auto_product',
    type: StringType,
    doc: 'Deprecated and ignored.',
    deprecated:
      'spot_price_auto_product is deprecated and no longer necessary for Packer builds. In future versions ' +
      'of Packer, inclusion of spot_price_auto_product will error your builds. Please take a look at our ' +
      'current documentation to understand how Packer requests Spot instances.',
  },
  { name: 'spot_tags', type: STRING_MAP, doc: 'Tags applied to the spot request.' },
  keyValueBlock('spot_tag', 'spot_tags'),
  {
    name: 'subnet_filter',
    type: { kind: 'block', repeated: false, fields: nameValueFilterFields(SUBNET_FILTER_EXTRA_FIELDS) },
    doc: 'Find the subnet to launch in by filters instead of `subnet_id`.',
  },
  {
    name: 'subnet_id',
    type: StringType,
    doc: 'The subnet to launch in (required in a VPC without a default subnet).',
  },
  {
    name: 'license_specifications',
    type: { kind: 'block', repeated: true, fields: LICENSE_SPECIFICATION_FIELDS },
    doc: 'License configurations to associate with the instance.',
  },
  {
    name: 'placement',
    type: { kind: 'block', repeated: false, fields: PLACEMENT_FIELDS },
    doc: 'Where the instance is placed: dedicated host, host resource group, tenancy.',
  },
  { name: 'tenancy', type: StringType, doc: 'Deprecated: use `placement { tenancy = ... }`.' },
  {
    name: 'temporary_security_group_source_cidrs',
    type: STRINGS,
    doc: 'CIDR blocks allowed to reach the communicator port through the temporary security group.',
    defaultDoc: '`["0.0.0.0/0"]` (`["::/0"]` with `ssh_interface = "ipv6"`)',
  },
  {
    name: 'temporary_security_group_source_public_ip',
    type: BoolType,
    doc: 'Allow only the public IP address of the machine running the build through the temporary security group.',
  },
  {
    name: 'user_data',
    type: StringType,
    doc: 'User data for the instance.',
    conflictsWith: ['user_data_file'],
  },
  {
    name: 'user_data_file',
    type: StringType,
    doc: 'A file holding the user data for the instance.',
    conflictsWith: ['user_data'],
  },
  {
    name: 'vpc_filter',
    type: { kind: 'block', repeated: false, fields: nameValueFilterFields() },
    doc: 'Find the VPC to launch in by filters instead of `vpc_id`.',
  },
  {
    name: 'vpc_id',
    type: StringType,
    doc: 'The VPC to launch in; needed with a `subnet_id` outside the default VPC.',
  },
  {
    name: 'windows_password_timeout',
    type: { kind: 'duration' },
    doc:
      'How long to wait for the Windows administrator password to become available (GetPasswordData, ' +
      'asked every 5 s with `communicator = "winrm"` and no `winrm_password`; decrypted with the key pair\'s ' +
      'private key: the temporary RSA one, or `ssh_private_key_file` with `ssh_keypair_name`).',
    default: '20m',
  },
  {
    name: 'metadata_options',
    type: METADATA_OPTIONS_BLOCK,
    doc: "The instance's metadata service options.",
  },
  {
    name: 'ssh_interface',
    type: StringType,
    doc: `How the communicator reaches the instance: ${SSH_INTERFACES.map((s) => `\`${s}\``).join(', ')}.`,
    defaultDoc: 'the public address when there is one, else the private one',
  },
  {
    name: 'pause_before_ssm',
    type: { kind: 'duration' },
    doc: 'How long to wait before opening the Session Manager session.',
  },
  {
    name: 'session_manager_port',
    type: NumberType,
    doc: 'The local port of the Session Manager tunnel.',
    defaultDoc: 'a free port',
  },
] as const satisfies readonly FieldSpec[];
