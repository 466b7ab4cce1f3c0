import { goQuote } from '../../text/go-quote';
import { BoolType, NumberType, StringType } from '../../values/types';
import type { BlockFieldType, ConfigProblem, ConfigView, FieldSpec } from '../../schema/types';
import { goNumber, goOptionalNumber, goString, goTrilean } from '../../schema/go-fields';

/**
 * One block device mapping (common/block_device.go), used by `launch_block_device_mappings` (volumes
 * of the build instance, and so of the AMI) and `ami_block_device_mappings` (mappings recorded in the
 * AMI only).
 */

const BLOCK_DEVICE_FIELDS = [
  { name: 'delete_on_termination', type: BoolType, doc: 'Delete the volume when the instance terminates.' },
  { name: 'device_name', type: StringType, doc: 'The device name, such as `/dev/sdh` or `xvdh`. Required.' },
  {
    name: 'encrypted',
    type: BoolType,
    doc: 'Encrypt (true) or not (false) the volume.',
    defaultDoc: "the snapshot's or account's default",
  },
  {
    name: 'iops',
    type: NumberType,
    doc: 'Provisioned IOPS: io1 and io2 100-64000 (at most 50 resp. 500 per GiB), gp3 3000-16000.',
  },
  { name: 'no_device', type: BoolType, doc: 'Suppress the device of this name that the AMI would attach.' },
  { name: 'snapshot_id', type: StringType, doc: 'The snapshot to create the volume from.' },
  { name: 'throughput', type: NumberType, doc: 'Throughput in MiB/s, gp3 volumes only (125-1000).' },
  {
    name: 'virtual_name',
    type: StringType,
    doc: 'The instance store volume to map (`ephemeral0` ... `ephemeral23`).',
  },
  {
    name: 'volume_type',
    type: StringType,
    doc: 'The EBS volume type: `gp2`, `gp3`, `io1`, `io2`, `st1`, `sc1` or `standard`.',
  },
  { name: 'volume_size', type: NumberType, doc: 'The size of the volume in GiB.' },
  {
    name: 'kms_key_id',
    type: StringType,
    doc: 'The KMS key that encrypts the volume; `encrypted` must not be false.',
  },
] as const satisfies readonly FieldSpec[];

const MIN_IOPS = 100;
const MAX_IOPS = 64000;
const MIN_IOPS_GP3 = 3000;
const MAX_IOPS_GP3 = 16000;
const MIN_THROUGHPUT = 125;
const MAX_THROUGHPUT = 1000;

/** The most provisioned IOPS per GiB of volume. */
const IOPS_RATIOS: Readonly<Record<string, number>> = { io1: 50, io2: 500 };

/**
 * BlockDevice.Prepare, which stops at the first problem of a mapping. Known values only: a check
 * whose inputs are not known yet is skipped, and so are the ones after it.
 */
function blockDeviceProblem(view: ConfigView<typeof BLOCK_DEVICE_FIELDS>): ConfigProblem | undefined {
  const deviceName = goString(view, 'device_name');
  if (deviceName === undefined) return undefined;
  if (deviceName === '') {
    return {
      message: 'The `device_name` must be specified for every device in the block device mapping.',
      field: 'device_name',
    };
  }

  const kmsKeyId = goString(view, 'kms_key_id');
  const encrypted = goTrilean(view, 'encrypted');
  if (kmsKeyId === undefined || encrypted === undefined) return undefined;
  if (kmsKeyId !== '' && encrypted === false) {
    return {
      message: `The device ${deviceName}, must also have \`encrypted: true\` when setting a kms_key_id.`,
      field: 'encrypted',
    };
  }

  const volumeType = goString(view, 'volume_type');
  const volumeSize = goNumber(view, 'volume_size');
  const iops = goOptionalNumber(view, 'iops');
  const throughput = goOptionalNumber(view, 'throughput');
  if (
    volumeType === undefined ||
    volumeSize === undefined ||
    iops === undefined ||
    throughput === undefined
  ) {
    return undefined;
  }

  const ratio = IOPS_RATIOS[volumeType];
  if (ratio !== undefined && volumeSize !== 0 && iops !== null) {
    // Go divides int32s: the quotient is truncated.
    if (Math.trunc(iops / volumeSize) > ratio) {
      return {
        message:
          `${deviceName}: the maximum ratio of provisioned IOPS to requested volume size ` +
          `(in GiB) is ${ratio}:1 for ${volumeType} volumes`,
        field: 'iops',
      };
    }
    if (iops < MIN_IOPS || iops > MAX_IOPS) {
      return {
        message: `IOPS must be between ${MIN_IOPS} and ${MAX_IOPS} for device ${deviceName}`,
        field: 'iops',
      };
    }
  }

  if (volumeType === 'gp3') {
    if (throughput !== null && (throughput < MIN_THROUGHPUT || throughput > MAX_THROUGHPUT)) {
      return {
        message: `Throughput must be between ${MIN_THROUGHPUT} and ${MAX_THROUGHPUT} for device ${deviceName}`,
        field: 'throughput',
      };
    }
    if (iops !== null && (iops < MIN_IOPS_GP3 || iops > MAX_IOPS_GP3)) {
      return {
        message: `IOPS must be between ${MIN_IOPS_GP3} and ${MAX_IOPS_GP3} for device ${deviceName}`,
        field: 'iops',
      };
    }
  } else if (throughput !== null) {
    return {
      message: `Throughput is only valid for gp3 volumes, ${goQuote(deviceName)} is of type ${volumeType}`,
      field: 'throughput',
    };
  }
  return undefined;
}

export const BLOCK_DEVICE_MAPPING = {
  kind: 'block',
  repeated: true,
  fields: BLOCK_DEVICE_FIELDS,
  validate: (view: ConfigView<typeof BLOCK_DEVICE_FIELDS>) => {
    const problem = blockDeviceProblem(view);
    return problem === undefined ? [] : [problem];
  },
} as const satisfies BlockFieldType;
