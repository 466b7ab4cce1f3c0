import * as fs from 'node:fs';
import { parseCIDR } from '../../eval/functions/support/ip';
import { goQuote } from '../../text/go-quote';
import type { WithCommunicator } from '../../schema/communicator';
import type { ConfigProblem, ConfigView } from '../../schema/types';
import type { RUN_CONFIG_FIELDS } from './run-config';

/** What RunConfig.Prepare reads: the run configuration and the communicator options. */
export type RunConfigView = ConfigView<WithCommunicator<typeof RUN_CONFIG_FIELDS>>;
import { goBool, goNumber, goString, goStringMap, goStrings } from '../../schema/go-fields';
import { mapOrBlocksGiven } from './common-blocks';
import { SSH_INTERFACES } from './run-config';

/** RunConfig.Prepare's checks, in Packer's order, with its messages. */

/** The SpotAllocationStrategy values of the EC2 API. */
const SPOT_ALLOCATION_STRATEGIES: readonly string[] = [
  'lowest-price',
  'diversified',
  'capacity-optimized',
  'capacity-optimized-prioritized',
  'price-capacity-optimized',
];

const TENANCIES: readonly string[] = ['default', 'dedicated', 'host'];

/** RunConfig.IsBurstableInstanceType, whose pattern really does allow "t:2." too. */
function isBurstableInstanceType(instanceType: string): boolean {
  return /^t(:?2|3a?|4g)\./.test(instanceType);
}

/** An option that, when known, is neither unset nor the empty string. */
function given(value: string | undefined): boolean {
  return value !== undefined && value !== '';
}

function communicatorProblems(view: RunConfigView): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const keyPairType = goString(view, 'temporary_key_pair_type');
  if (keyPairType !== undefined && keyPairType !== '' && keyPairType !== 'rsa' && keyPairType !== 'ed25519') {
    problems.push({
      message: 'temporary_key_pair_type requires either rsa or ed25519 as its value',
      field: 'temporary_key_pair_type',
    });
  }

  const sshInterface = goString(view, 'ssh_interface');
  if (sshInterface !== undefined && sshInterface !== '' && !SSH_INTERFACES.includes(sshInterface)) {
    problems.push({ message: `Unknown interface type: ${sshInterface}`, field: 'ssh_interface' });
  }
  // The communicator type is "ssh" when unset, so only an explicit "winrm" matters below.
  const communicator = goString(view, 'communicator');
  if (sshInterface === 'session_manager') {
    if (communicator === 'winrm') {
      problems.push({
        message:
          'session_manager connectivity is not supported with the "winrm" communicator; please use "ssh"',
        field: 'ssh_interface',
      });
    }
    const profile = goString(view, 'iam_instance_profile');
    const temporaryProfile = view.blocks('temporary_iam_instance_profile_policy_document').length > 0;
    if (profile === '' && !temporaryProfile) {
      problems.push({
        message:
          'no iam_instance_profile defined; session_manager connectivity requires a valid instance profile with ' +
          'AmazonSSMManagedInstanceCore permissions. Alternatively a temporary_iam_instance_profile_policy_document ' +
          'can be used.',
        field: 'ssh_interface',
      });
    }
  }

  const keyPairName = goString(view, 'ssh_keypair_name');
  const keyFile = goString(view, 'ssh_private_key_file');
  const agentAuth = goBool(view, 'ssh_agent_auth');
  const winrmPassword = goString(view, 'winrm_password');
  if (
    given(keyPairName) &&
    communicator !== undefined &&
    keyFile !== undefined &&
    agentAuth !== undefined &&
    winrmPassword !== undefined
  ) {
    if (communicator === 'winrm' && winrmPassword === '' && keyFile === '') {
      problems.push({
        message:
          'ssh_private_key_file must be provided to retrieve the winrm password when using ssh_keypair_name.',
        field: 'ssh_keypair_name',
      });
    } else if (keyFile === '' && !agentAuth) {
      problems.push({
        message:
          'ssh_private_key_file must be provided or ssh_agent_auth enabled when ssh_keypair_name is specified.',
        field: 'ssh_keypair_name',
      });
    }
  }
  return problems;
}

function sourceAndTypeProblems(view: RunConfigView): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const sourceAmi = goString(view, 'source_ami');
  // AmiFilterOptions.Empty and NoOwner look at the filter's owners and filters only.
  const filter = view.blocks('source_ami_filter')[0];
  const owners = filter === undefined ? [] : goStrings(filter, 'owners');
  const filters = filter === undefined ? null : goStringMap(filter, 'filters');
  if (sourceAmi === '' && owners !== undefined) {
    if (filters !== undefined && owners.length === 0 && Object.keys(filters ?? {}).length === 0) {
      problems.push({ message: 'A source_ami or source_ami_filter must be specified' });
    }
    if (owners.length === 0) {
      problems.push({
        message: 'For security reasons, your source AMI filter must declare an owner.',
        field: filter === undefined ? undefined : 'source_ami_filter',
      });
    }
  }

  const instanceType = goString(view, 'instance_type');
  const spotTypes = goStrings(view, 'spot_instance_types');
  if (instanceType !== undefined && spotTypes !== undefined) {
    if (instanceType === '' && spotTypes.length === 0) {
      problems.push({ message: 'either instance_type or spot_instance_types must be specified' });
    }
    if (instanceType !== '' && spotTypes.length > 0) {
      problems.push({
        message: 'either instance_type or spot_instance_types must be specified, not both',
        field: 'spot_instance_types',
      });
    }
  }
  return problems;
}

/** RunConfig.IsSpotInstance: a spot price other than "" and "0". undefined: not known yet. */
export function isSpotInstance(view: RunConfigView): boolean | undefined {
  const price = goString(view, 'spot_price');
  return price === undefined ? undefined : price !== '' && price !== '0';
}

function spotProblems(view: RunConfigView): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  // Go's test is `spot_price == "" || spot_price == "0"`, so "not a spot instance".
  const spot = isSpotInstance(view);
  if (spot === false && mapOrBlocksGiven(view, 'fleet_tags', 'fleet_tag') === true) {
    problems.push({
      message: 'fleet_tags should not be set when not requesting a spot instance',
      field: 'fleet_tags',
    });
  }
  const blockDuration = goNumber(view, 'block_duration_minutes');
  if (blockDuration !== undefined && blockDuration % 60 !== 0) {
    problems.push({
      message: 'block_duration_minutes must be multiple of 60',
      field: 'block_duration_minutes',
    });
  }
  if (spot === false && mapOrBlocksGiven(view, 'spot_tags', 'spot_tag') === true) {
    problems.push({
      message: 'spot_tags should not be set when not requesting a spot instance',
      field: 'spot_tags',
    });
  }
  const strategy = goString(view, 'spot_allocation_strategy');
  if (given(strategy) && !SPOT_ALLOCATION_STRATEGIES.includes(strategy as string)) {
    problems.push({
      // Packer's message lacks a space after "diversified,".
      message:
        `invalid spot allocation strategy ${goQuote(strategy as string)}, valid values are either lowest-price, ` +
        'diversified,capacity-optimized, capacity-optimized-prioritized, price-capacity-optimized',
      field: 'spot_allocation_strategy',
    });
  }
  return problems;
}

function networkProblems(view: RunConfigView): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  // Both user_data and user_data_file, or both security group options, are the declarations' conflictsWith
  // (Packer's wording is the generic one there); the file is only looked for when it is the only user data.
  const userData = goString(view, 'user_data');
  const userDataFile = goString(view, 'user_data_file');
  if (userData === '' && given(userDataFile) && !fs.existsSync(userDataFile as string)) {
    problems.push({ message: `user_data_file not found: ${userDataFile}`, field: 'user_data_file' });
  }

  // With no CIDRs (and no public-IP rule) Packer fills in a default instead of checking.
  for (const cidr of goStrings(view, 'temporary_security_group_source_cidrs') ?? []) {
    const parsed = parseCIDR(cidr);
    if (typeof parsed === 'string') {
      problems.push({
        message: `Error parsing CIDR in temporary_security_group_source_cidrs: ${parsed}`,
        field: 'temporary_security_group_source_cidrs',
      });
    }
  }

  const shutdown = goString(view, 'shutdown_behavior');
  if (given(shutdown) && shutdown !== 'stop' && shutdown !== 'terminate') {
    problems.push({
      message: "shutdown_behavior only accepts 'stop' or 'terminate' values.",
      field: 'shutdown_behavior',
    });
  }
  return problems;
}

function instanceFeatureProblems(view: RunConfigView): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const instanceType = goString(view, 'instance_type');
  const spotPrice = goString(view, 'spot_price');
  const t2Unlimited = goBool(view, 'enable_t2_unlimited');
  const unlimited = goBool(view, 'enable_unlimited_credits');
  if ((unlimited === true || t2Unlimited === true) && instanceType !== undefined) {
    if (!isBurstableInstanceType(instanceType)) {
      problems.push({
        message:
          `Error: Instance Type: ${instanceType} is not within the supported types for Unlimited credits. ` +
          'Supported instance types are T2, T3, and T4g',
        field: unlimited === true ? 'enable_unlimited_credits' : 'enable_t2_unlimited',
      });
    }
    if (given(spotPrice) && /^t2\./.test(instanceType)) {
      problems.push({
        message: 'Error: Unlimited credits cannot be used in conjunction with Spot Instances',
      });
    }
  }

  const reservationPreference = goString(view, 'capacity_reservation_preference');
  const reservationId = goString(view, 'capacity_reservation_id');
  const reservationGroup = goString(view, 'capacity_reservation_group_arn');
  if (given(reservationGroup) && given(reservationId)) {
    problems.push({
      message:
        'capacity_reservation_id and capacity_reservation_group_arn are mutually exclusive, only one should be used',
      field: 'capacity_reservation_group_arn',
    });
  }
  if ((given(reservationId) || given(reservationGroup)) && given(reservationPreference)) {
    problems.push({
      message:
        'capacity_reservation_id, capacity_reservation_group_arn and capacity_reservation_preference are mutually ' +
        'exclusive, only one should be set',
      field: 'capacity_reservation_preference',
    });
  }
  if (given(reservationPreference) && reservationPreference !== 'none' && reservationPreference !== 'open') {
    problems.push({
      message: "capacity_reservation_preference only accepts 'none' or 'open' values",
      field: 'capacity_reservation_preference',
    });
  }

  problems.push(...tenancyProblems(view));

  if (goBool(view, 'enable_nitro_enclave') === true) {
    if (given(spotPrice)) {
      problems.push({
        message: 'Error: Nitro Enclave cannot be used in conjunction with Spot Instances',
        field: 'enable_nitro_enclave',
      });
    }
    if (instanceType !== undefined && instanceType.startsWith('t')) {
      problems.push({
        message: `Error: Nitro Enclaves cannot be used in conjunction with burstable instance types: ${instanceType}`,
        field: 'enable_nitro_enclave',
      });
    }
  }
  return problems;
}

/** The tenancy checks of RunConfig.Prepare, then Placement.Prepare's. */
function tenancyProblems(view: RunConfigView): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const placement = view.blocks('placement')[0];
  const placementTenancy = placement === undefined ? '' : goString(placement, 'tenancy');
  const tenancy = goString(view, 'tenancy');
  if (given(placementTenancy) && given(tenancy)) {
    problems.push({
      message: 'Error: Please set only one of placement.tenancy and tenancy (deprecated)',
      field: 'tenancy',
    });
  }
  // Packer checks the last one it saw, so the deprecated `tenancy` wins when both are set.
  const effective = given(tenancy) ? tenancy : placementTenancy;
  if (given(effective) && !TENANCIES.includes(effective as string)) {
    problems.push({
      message: `Error: Unknown tenancy type ${effective}`,
      field: given(tenancy) ? 'tenancy' : 'placement',
    });
  }
  if (placement === undefined) return problems;

  const hostId = goString(placement, 'host_id');
  const hostGroup = goString(placement, 'host_resource_group_arn');
  if (given(hostId) && given(hostGroup)) {
    problems.push({
      message: 'The `host_id` and `host_resource_group_arn` settings cannot be specified at the same time.',
      field: 'placement',
    });
  }
  if ((given(hostId) || given(hostGroup)) && given(placementTenancy) && placementTenancy !== 'host') {
    problems.push({
      message:
        'The tenancy should be `host` if either the `host_id` or `host_resource_group_arn` attributes are specified.',
      field: 'placement',
    });
  }
  return problems;
}

export function validateRunConfig(view: RunConfigView): ConfigProblem[] {
  return [
    ...communicatorProblems(view),
    ...sourceAndTypeProblems(view),
    ...spotProblems(view),
    ...networkProblems(view),
    ...instanceFeatureProblems(view),
  ];
}
