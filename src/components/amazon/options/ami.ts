import type { BlockDeviceMapping, VolumeType } from '@aws-sdk/client-ec2';

import type { AmazonEbsView } from '../ebs-schema';

/**
 * The AMI configuration (packer-plugin-amazon common/ami_config.go and snapshot_config.go) and the
 * image options of amazon-ebs itself (builder/ebs/builder.go: skip_create_ami, skip_ami_run_tags,
 * ami_block_device_mappings), read once: what the image is called, where it is copied, who may
 * launch it and how it is tagged. It also keeps the few run options the image steps read (the VPC
 * pre-check, stopping the instance, the run tags the AMI inherits), so those steps need nothing else.
 */
export interface AmiOptions {
  /** `ami_name`: may still hold Go-template actions, rendered by the steps (see ebs/steps/build-info.ts). */
  readonly name: string;
  readonly description: string;
  /** `ami_virtualization_type` ('' = the source AMI's). */
  readonly virtualizationType: string;
  readonly users: readonly string[];
  readonly groups: readonly string[];
  readonly orgArns: readonly string[];
  readonly ouArns: readonly string[];
  readonly productCodes: readonly string[];
  /** `ami_regions`, each once, in the order written. */
  readonly regions: readonly string[];
  readonly skipRegionValidation: boolean;
  /** `snapshot_copy_duration_minutes` (0: a normal copy). */
  readonly snapshotCopyDurationMinutes: number;
  /** `tags` with the `tag {}` blocks copied on (a block wins, as KeyValues.CopyOn does). */
  readonly tags: Readonly<Record<string, string>>;
  /** `ena_support`: undefined when not written (leave the instance's attribute alone). */
  readonly enaSupport: boolean | undefined;
  readonly sriovSupport: boolean;
  readonly forceDeregister: boolean;
  readonly forceDeleteSnapshot: boolean;
  /** `encrypt_boot`: undefined when not written (keep the source's encryption). */
  readonly encryptBoot: boolean | undefined;
  readonly kmsKeyId: string;
  readonly regionKmsKeyIds: Readonly<Record<string, string>>;
  readonly skipSaveBuildRegion: boolean;
  /** `imds_support`: '' or `v2.0`. */
  readonly imdsSupport: string;
  /** `deprecate_at` ('' = never). */
  readonly deprecateAt: string;
  readonly snapshotTags: Readonly<Record<string, string>>;
  readonly snapshotUsers: readonly string[];
  readonly snapshotGroups: readonly string[];
  readonly deregistrationProtection: { readonly enabled: boolean; readonly withCooldown: boolean };
  readonly skipCreateAmi: boolean;
  readonly skipAmiRunTags: boolean;
  /** `ami_block_device_mappings`, as CreateImage takes them. */
  readonly blockDeviceMappings: readonly BlockDeviceMapping[];
  /** What the image steps read of the run configuration. */
  readonly run: AmiRunOptions;
}

export interface AmiRunOptions {
  /** `run_tags` (+ `run_tag {}` blocks): Packer also puts them on the AMI unless skip_ami_run_tags. */
  readonly runTags: Readonly<Record<string, string>>;
  readonly vpcId: string;
  readonly subnetId: string;
  readonly hasSubnetFilter: boolean;
  readonly disableStopInstance: boolean;
  /** A spot instance (`spot_price` set and not "0"): it is neither stopped nor modified. */
  readonly spot: boolean;
}

/** A `tag {}` block (common-blocks.ts keyValueBlock). */
interface KeyValueView {
  string(name: 'key' | 'value'): string | undefined;
}

/** A map option with its block form copied on (Packer's KeyValues.CopyOn: later entries win). */
function withBlocks(
  map: Readonly<Record<string, string>> | undefined,
  blocks: readonly KeyValueView[],
): Readonly<Record<string, string>> {
  const out: Record<string, string> = { ...(map ?? {}) };
  for (const b of blocks) out[b.string('key') ?? ''] = b.string('value') ?? '';
  return out;
}

/** Each region once, in the order first written. */
function unique(list: readonly string[] | undefined): readonly string[] {
  return [...new Set(list ?? [])];
}

export function readAmiOptions(view: AmazonEbsView): AmiOptions {
  const protection = view.blocks('deregistration_protection')[0];
  const withCooldown = protection?.bool('with_cooldown') ?? false;
  const spotPrice = view.string('spot_price') ?? '';
  return {
    name: view.string('ami_name') ?? '',
    description: view.string('ami_description') ?? '',
    virtualizationType: view.string('ami_virtualization_type') ?? '',
    users: view.strings('ami_users') ?? [],
    groups: view.strings('ami_groups') ?? [],
    orgArns: view.strings('ami_org_arns') ?? [],
    ouArns: view.strings('ami_ou_arns') ?? [],
    productCodes: view.strings('ami_product_codes') ?? [],
    regions: unique(view.strings('ami_regions')),
    skipRegionValidation: view.bool('skip_region_validation') ?? false,
    snapshotCopyDurationMinutes: view.number('snapshot_copy_duration_minutes') ?? 0,
    tags: withBlocks(view.stringMap('tags'), view.blocks('tag')),
    enaSupport: view.bool('ena_support'),
    sriovSupport: view.bool('sriov_support') ?? false,
    forceDeregister: view.bool('force_deregister') ?? false,
    forceDeleteSnapshot: view.bool('force_delete_snapshot') ?? false,
    encryptBoot: view.bool('encrypt_boot'),
    kmsKeyId: view.string('kms_key_id') ?? '',
    regionKmsKeyIds: view.stringMap('region_kms_key_ids') ?? {},
    skipSaveBuildRegion: view.bool('skip_save_build_region') ?? false,
    imdsSupport: view.string('imds_support') ?? '',
    deprecateAt: view.string('deprecate_at') ?? '',
    snapshotTags: withBlocks(view.stringMap('snapshot_tags'), view.blocks('snapshot_tag')),
    snapshotUsers: view.strings('snapshot_users') ?? [],
    snapshotGroups: view.strings('snapshot_groups') ?? [],
    // The documented meaning of with_cooldown: it turns the protection on as well.
    deregistrationProtection: {
      enabled: (protection?.bool('enabled') ?? false) || withCooldown,
      withCooldown,
    },
    skipCreateAmi: view.bool('skip_create_ami') ?? false,
    skipAmiRunTags: view.bool('skip_ami_run_tags') ?? false,
    blockDeviceMappings: view.blocks('ami_block_device_mappings').map(blockDeviceMapping),
    run: {
      runTags: withBlocks(view.stringMap('run_tags'), view.blocks('run_tag')),
      vpcId: view.string('vpc_id') ?? '',
      subnetId: view.string('subnet_id') ?? '',
      hasSubnetFilter: subnetFilterGiven(view),
      disableStopInstance: view.bool('disable_stop_instance') ?? false,
      spot: spotPrice !== '' && spotPrice !== '0',
    },
  };
}

/** Packer's SubnetFilterOptions.Empty() is false once any filter is given. */
function subnetFilterGiven(view: AmazonEbsView): boolean {
  const filter = view.blocks('subnet_filter')[0];
  if (filter === undefined) return false;
  return Object.keys(filter.stringMap('filters') ?? {}).length > 0 || filter.blocks('filter').length > 0;
}

/** The fields of one block device mapping block (block-devices.ts), as far as a mapping reads them. */
interface BlockDeviceView {
  string(
    name: 'device_name' | 'virtual_name' | 'volume_type' | 'snapshot_id' | 'kms_key_id',
  ): string | undefined;
  number(name: 'volume_size' | 'iops' | 'throughput'): number | undefined;
  bool(name: 'no_device' | 'delete_on_termination' | 'encrypted'): boolean | undefined;
}

/**
 * One mapping as EC2 takes it (BlockDevice.BuildEC2BlockDeviceMapping): `no_device` suppresses the
 * device, a `virtual_name` maps an instance store (ephemeral*) device, anything else is an EBS volume.
 */
export function blockDeviceMapping(view: BlockDeviceView): BlockDeviceMapping {
  const deviceName = view.string('device_name') ?? '';
  if (view.bool('no_device') === true) return { DeviceName: deviceName, NoDevice: '' };
  const virtualName = view.string('virtual_name') ?? '';
  if (virtualName !== '') {
    return virtualName.startsWith('ephemeral')
      ? { DeviceName: deviceName, VirtualName: virtualName }
      : { DeviceName: deviceName };
  }
  const volumeType = view.string('volume_type') ?? '';
  const volumeSize = view.number('volume_size') ?? 0;
  const iops = view.number('iops');
  const throughput = view.number('throughput');
  const snapshotId = view.string('snapshot_id') ?? '';
  const encrypted = view.bool('encrypted');
  const kmsKeyId = view.string('kms_key_id') ?? '';
  return {
    DeviceName: deviceName,
    Ebs: {
      DeleteOnTermination: view.bool('delete_on_termination') ?? false,
      ...(volumeType !== '' ? { VolumeType: volumeType as VolumeType } : {}),
      ...(volumeSize > 0 ? { VolumeSize: volumeSize } : {}),
      ...(['io1', 'io2', 'gp3'].includes(volumeType) && iops !== undefined ? { Iops: iops } : {}),
      ...(volumeType === 'gp3' && throughput !== undefined ? { Throughput: throughput } : {}),
      ...(snapshotId !== '' ? { SnapshotId: snapshotId } : {}),
      ...(encrypted !== undefined ? { Encrypted: encrypted } : {}),
      ...(kmsKeyId !== '' ? { KmsKeyId: kmsKeyId } : {}),
    },
  };
}
