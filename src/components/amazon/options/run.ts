import { randomUUID } from 'node:crypto';

import type { ConfigView } from '../../../schema/types';
import type { CommunicatorFields, WithCommunicator } from '../../../schema/communicator';
import { type CommunicatorSettings, communicatorSettings } from '../../../schema/communicator-settings';
import { sharedView } from '../../../schema/shared-view';
import type { AMAZON_EBS_FIELDS } from '../ebs-schema';
import { METADATA_OPTION_DEFAULTS } from '../metadata-options';
import type { RUN_CONFIG_FIELDS } from '../run-config';

/**
 * The run configuration (packer-plugin-amazon common/run_config.go) read once: how the build
 * instance finds its source AMI, is placed, reached and launched. Defaults are Packer's, applied
 * as RunConfig.Prepare applies them (the temporary key pair name, the temporary security group's
 * CIDRs, the shutdown behaviour, the metadata options).
 */

export interface AmiFilter {
  readonly filters: Readonly<Record<string, string>>;
  readonly owners: readonly string[];
  readonly mostRecent: boolean;
  readonly includeDeprecated: boolean;
}

/** A NameValueFilter (`filters` map and `filter {}` blocks merged). */
export interface DescribeFilter {
  readonly filters: Readonly<Record<string, string>>;
}

export interface SubnetFilter extends DescribeFilter {
  readonly mostFree: boolean;
  readonly random: boolean;
}

export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly {
    readonly Effect: string;
    readonly Action: readonly string[];
    readonly Resource: readonly string[];
  }[];
}

/** One `launch_block_device_mappings` entry (undefined: not written, left to the AMI/AWS). */
export interface LaunchBlockDevice {
  readonly deviceName: string;
  readonly deleteOnTermination: boolean;
  readonly encrypted?: boolean;
  readonly iops?: number;
  readonly noDevice: boolean;
  readonly snapshotId: string;
  readonly throughput?: number;
  readonly virtualName: string;
  readonly volumeType: string;
  readonly volumeSize?: number;
  readonly kmsKeyId: string;
}

export interface MetadataOptions {
  readonly httpEndpoint: string;
  readonly httpTokens: string;
  readonly httpPutResponseHopLimit: number;
  readonly instanceMetadataTags: string;
}

export interface RunOptions {
  readonly sourceAmi: string;
  /** undefined: no `source_ami_filter` block (or an empty one). */
  readonly sourceAmiFilter?: AmiFilter;

  readonly vpcId: string;
  readonly vpcFilter?: DescribeFilter;
  readonly subnetId: string;
  readonly subnetFilter?: SubnetFilter;
  readonly availabilityZone: string;
  /** undefined: unset (the subnet's own setting). */
  readonly associatePublicIpAddress?: boolean;

  readonly securityGroupIds: readonly string[];
  readonly securityGroupFilter?: DescribeFilter;
  /** Packer's default: `0.0.0.0/0` (`::/0` with ssh_interface ipv6) unless the public IP is asked for. */
  readonly temporarySecurityGroupSourceCidrs: readonly string[];
  readonly temporarySecurityGroupSourcePublicIp: boolean;

  readonly iamInstanceProfile: string;
  readonly skipProfileValidation: boolean;
  readonly temporaryIamInstanceProfilePolicyDocument?: PolicyDocument;

  readonly instanceType: string;
  /** '' or '0': on demand. */
  readonly spotPrice: string;
  readonly spotInstanceTypes: readonly string[];
  readonly spotAllocationStrategy: string;
  readonly spotTags: Readonly<Record<string, string>>;
  readonly fleetTags: Readonly<Record<string, string>>;
  readonly blockDurationMinutes: number;

  readonly runTags: Readonly<Record<string, string>>;
  readonly runVolumeTags: Readonly<Record<string, string>>;
  readonly userData: string;
  readonly userDataFile: string;
  readonly metadata: MetadataOptions;
  readonly launchBlockDevices: readonly LaunchBlockDevice[];
  readonly noEphemeral: boolean;
  readonly ebsOptimized: boolean;
  /** `stop` unless set. */
  readonly shutdownBehavior: string;
  readonly enableNitroEnclave: boolean;
  readonly enableUnlimitedCredits: boolean;
  readonly capacityReservationPreference: string;
  readonly capacityReservationId: string;
  readonly capacityReservationGroupArn: string;
  readonly hostResourceGroupArn: string;
  readonly hostId: string;
  /** `placement { tenancy }`, else the deprecated `tenancy`. */
  readonly tenancy: string;
  readonly licenseConfigurationArns: readonly string[];

  /** `windows_password_timeout`: how long StepGetPassword waits (Packer's default 20m). */
  readonly windowsPasswordTimeoutMs: number;

  /** '' (Packer's default choice), public_ip, private_ip, public_dns, private_dns, ipv6, session_manager. */
  readonly sshInterface: string;
  /**
   * The communicator settings, with the temporary key pair name Packer's Prepare gives
   * (`packer_<uuid>` when no key pair, key file or password is configured).
   */
  readonly communicator: CommunicatorSettings;
}

/** The amazon-ebs fields the launch reads beyond the run configuration. */
type EbsLaunchField = Extract<
  (typeof AMAZON_EBS_FIELDS)[number],
  { readonly name: 'launch_block_device_mappings' | 'run_volume_tags' | 'run_volume_tag' | 'no_ephemeral' }
>;
export type EbsLaunchFields = readonly EbsLaunchField[];

/** A `filters` map with its `filter {}` blocks copied on (NameValueFilter). */
function nameValueFilters(view: ConfigView): Record<string, string> {
  const filters: Record<string, string> = { ...(view.stringMap('filters') ?? {}) };
  for (const block of view.blocks('filter'))
    filters[block.string('name') ?? ''] = block.string('value') ?? '';
  return filters;
}

function describeFilter(blocks: readonly ConfigView[]): DescribeFilter | undefined {
  const block = blocks[0];
  if (block === undefined) return undefined;
  const filters = nameValueFilters(block);
  return Object.keys(filters).length === 0 ? undefined : { filters };
}

/** A tags map with its `<name> { key/name, value }` blocks copied on (KeyValues / NameValues.CopyOn). */
function tagMap(
  view: ConfigView,
  mapName: string,
  blockName: string,
  keyField: string,
): Record<string, string> {
  const tags: Record<string, string> = { ...(view.stringMap(mapName) ?? {}) };
  for (const block of view.blocks(blockName))
    tags[block.string(keyField) ?? ''] = block.string('value') ?? '';
  return tags;
}

function amiFilter(view: ConfigView | undefined): AmiFilter | undefined {
  if (view === undefined) return undefined;
  const filters = view.stringMap('filters') ?? {};
  const owners = view.strings('owners') ?? [];
  if (owners.length === 0 && Object.keys(filters).length === 0) return undefined;
  return {
    filters,
    owners,
    mostRecent: view.bool('most_recent') ?? false,
    includeDeprecated: view.bool('include_deprecated') ?? false,
  };
}

function policyDocument(view: ConfigView | undefined): PolicyDocument | undefined {
  if (view === undefined) return undefined;
  return {
    Version: view.string('Version') ?? '',
    Statement: view.blocks('Statement').map((s) => ({
      Effect: s.string('Effect') ?? '',
      Action: s.strings('Action') ?? [],
      Resource: s.strings('Resource') ?? [],
    })),
  };
}

function metadataOptions(view: ConfigView | undefined): MetadataOptions {
  const d = METADATA_OPTION_DEFAULTS;
  return {
    httpEndpoint: view?.string('http_endpoint') || d.http_endpoint,
    httpTokens: view?.string('http_tokens') || d.http_tokens,
    httpPutResponseHopLimit: view?.number('http_put_response_hop_limit') || d.http_put_response_hop_limit,
    instanceMetadataTags: view?.string('instance_metadata_tags') || d.instance_metadata_tags,
  };
}

function launchBlockDevice(view: ConfigView): LaunchBlockDevice {
  const optionalNumber = (name: string): number | undefined => {
    const n = view.number(name);
    return n === undefined || n === 0 ? undefined : n;
  };
  return {
    deviceName: view.string('device_name') ?? '',
    deleteOnTermination: view.bool('delete_on_termination') ?? false,
    encrypted: view.bool('encrypted'),
    iops: optionalNumber('iops'),
    noDevice: view.bool('no_device') ?? false,
    snapshotId: view.string('snapshot_id') ?? '',
    throughput: optionalNumber('throughput'),
    virtualName: view.string('virtual_name') ?? '',
    volumeType: view.string('volume_type') ?? '',
    volumeSize: optionalNumber('volume_size'),
    kmsKeyId: view.string('kms_key_id') ?? '',
  };
}

const WINDOWS_PASSWORD_TIMEOUT_MS = 20 * 60_000;

/** RunConfig.Prepare's temporary key pair name: only when nothing else authenticates. */
function withTemporaryKeyPairName(settings: CommunicatorSettings): CommunicatorSettings {
  const ssh = settings.ssh;
  if (ssh.keyPairName !== '' || ssh.temporaryKeyPair.name !== '') return settings;
  if (ssh.privateKeyFile !== '' || ssh.password !== '') return settings;
  return {
    ...settings,
    ssh: { ...ssh, temporaryKeyPair: { ...ssh.temporaryKeyPair, name: `packer_${randomUUID()}` } },
  };
}

/**
 * Reads the run configuration. `launch` is amazon-ebs's own launch options (block devices, volume
 * tags, no_ephemeral); without it there are none.
 */
export function readRunOptions(
  typedView: ConfigView<WithCommunicator<typeof RUN_CONFIG_FIELDS>>,
  launch?: ConfigView<EbsLaunchFields>,
): RunOptions {
  // Block contents are read through untyped views: their fields are checked by the schema.
  const view: ConfigView = typedView;
  const sshInterface = view.string('ssh_interface') ?? '';
  const publicIp = view.bool('temporary_security_group_source_public_ip') ?? false;
  let cidrs = view.strings('temporary_security_group_source_cidrs') ?? [];
  if (cidrs.length === 0 && !publicIp) cidrs = [sshInterface === 'ipv6' ? '::/0' : '0.0.0.0/0'];
  const securityGroupId = view.string('security_group_id') ?? '';
  const securityGroupIds = view.strings('security_group_ids') ?? [];
  const subnetFilterView = view.blocks('subnet_filter')[0];
  const subnetFilters = subnetFilterView === undefined ? {} : nameValueFilters(subnetFilterView);
  const placement = view.blocks('placement')[0];
  const untypedLaunch: ConfigView | undefined = launch;

  return {
    sourceAmi: view.string('source_ami') ?? '',
    sourceAmiFilter: amiFilter(view.blocks('source_ami_filter')[0]),
    vpcId: view.string('vpc_id') ?? '',
    vpcFilter: describeFilter(view.blocks('vpc_filter')),
    subnetId: view.string('subnet_id') ?? '',
    subnetFilter:
      subnetFilterView === undefined || Object.keys(subnetFilters).length === 0
        ? undefined
        : {
            filters: subnetFilters,
            mostFree: subnetFilterView.bool('most_free') ?? false,
            random: subnetFilterView.bool('random') ?? false,
          },
    availabilityZone: view.string('availability_zone') ?? '',
    associatePublicIpAddress: view.bool('associate_public_ip_address'),
    securityGroupIds:
      securityGroupIds.length > 0 ? securityGroupIds : securityGroupId === '' ? [] : [securityGroupId],
    securityGroupFilter: describeFilter(view.blocks('security_group_filter')),
    temporarySecurityGroupSourceCidrs: cidrs,
    temporarySecurityGroupSourcePublicIp: publicIp,
    iamInstanceProfile: view.string('iam_instance_profile') ?? '',
    skipProfileValidation: view.bool('skip_profile_validation') ?? false,
    temporaryIamInstanceProfilePolicyDocument: policyDocument(
      view.blocks('temporary_iam_instance_profile_policy_document')[0],
    ),
    instanceType: view.string('instance_type') ?? '',
    spotPrice: view.string('spot_price') ?? '',
    spotInstanceTypes: view.strings('spot_instance_types') ?? [],
    spotAllocationStrategy: view.string('spot_allocation_strategy') ?? '',
    spotTags: tagMap(view, 'spot_tags', 'spot_tag', 'key'),
    fleetTags: tagMap(view, 'fleet_tags', 'fleet_tag', 'key'),
    blockDurationMinutes: view.number('block_duration_minutes') ?? 0,
    runTags: tagMap(view, 'run_tags', 'run_tag', 'key'),
    runVolumeTags:
      untypedLaunch === undefined ? {} : tagMap(untypedLaunch, 'run_volume_tags', 'run_volume_tag', 'name'),
    userData: view.string('user_data') ?? '',
    userDataFile: view.string('user_data_file') ?? '',
    metadata: metadataOptions(view.blocks('metadata_options')[0]),
    launchBlockDevices: (untypedLaunch?.blocks('launch_block_device_mappings') ?? []).map(launchBlockDevice),
    noEphemeral: untypedLaunch?.bool('no_ephemeral') ?? false,
    ebsOptimized: view.bool('ebs_optimized') ?? false,
    shutdownBehavior: view.string('shutdown_behavior') || 'stop',
    enableNitroEnclave: view.bool('enable_nitro_enclave') ?? false,
    // enable_t2_unlimited is the deprecated spelling Prepare copies over.
    enableUnlimitedCredits:
      (view.bool('enable_unlimited_credits') || view.bool('enable_t2_unlimited')) ?? false,
    capacityReservationPreference: view.string('capacity_reservation_preference') ?? '',
    capacityReservationId: view.string('capacity_reservation_id') ?? '',
    capacityReservationGroupArn: view.string('capacity_reservation_group_arn') ?? '',
    hostResourceGroupArn: placement?.string('host_resource_group_arn') ?? '',
    hostId: placement?.string('host_id') ?? '',
    tenancy: placement?.string('tenancy') || view.string('tenancy') || '',
    licenseConfigurationArns: view
      .blocks('license_specifications')
      .flatMap((s) => s.blocks('license_configuration_request'))
      .map((r) => r.string('license_configuration_arn') ?? ''),
    windowsPasswordTimeoutMs: view.duration('windows_password_timeout') || WINDOWS_PASSWORD_TIMEOUT_MS,
    sshInterface,
    communicator: withTemporaryKeyPairName(
      communicatorSettings(sharedView<CommunicatorFields>()(typedView), 'ssh'),
    ),
  };
}

/** Whether the build instance is a spot instance (RunConfig.IsSpotInstance). */
export function isSpot(run: RunOptions): boolean {
  return run.spotPrice !== '' && run.spotPrice !== '0';
}

/** The port the communicator connects to (communicator.Config.Port). */
export function communicatorPort(run: RunOptions): number {
  return run.communicator.type === 'winrm' ? run.communicator.winrm.port : run.communicator.ssh.port;
}
