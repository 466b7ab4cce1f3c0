import { BLOCK_DEVICE_MAPPING } from '../../../src/components/amazon/block-devices';
import type { ConfigProblem } from '../../../src/schema/types';
import { type FakeValue, UNKNOWN } from '../../support/config-view';
import { checkBlock, messagesOf } from '../../support/component-harness';

const check = (data: Record<string, FakeValue>): ConfigProblem[] => checkBlock(BLOCK_DEVICE_MAPPING, data);
const messages = (data: Record<string, FakeValue>): string[] => messagesOf(check(data));

describe('block device mapping checks', () => {
  test('ordinary mappings pass', () => {
    expect(
      check({ device_name: '/dev/sda1', volume_size: 20, volume_type: 'gp2', delete_on_termination: true }),
    ).toEqual([]);
    expect(check({ device_name: '/dev/sdb', virtual_name: 'ephemeral0' })).toEqual([]);
    expect(check({ device_name: '/dev/sdc', volume_type: 'gp3', iops: 3000, throughput: 125 })).toEqual([]);
    expect(check({ device_name: '/dev/sdd', volume_type: 'io2', volume_size: 10, iops: 5000 })).toEqual([]);
    expect(check({ device_name: '/dev/sde', kms_key_id: 'alias/k', encrypted: true })).toEqual([]);
    expect(check({ device_name: '/dev/sde', kms_key_id: 'alias/k' })).toEqual([]);
  });

  test('device_name is required', () => {
    expect(check({ volume_size: 8 })).toEqual([
      {
        message: 'The `device_name` must be specified for every device in the block device mapping.',
        field: 'device_name',
      },
    ]);
  });

  test('a KMS key on an explicitly unencrypted device', () => {
    expect(messages({ device_name: '/dev/sdb', kms_key_id: 'alias/k', encrypted: false })).toEqual([
      'The device /dev/sdb, must also have `encrypted: true` when setting a kms_key_id.',
    ]);
  });

  test('IOPS per GiB for io1 and io2 (integer division, as Go does)', () => {
    expect(messages({ device_name: 'xvdf', volume_type: 'io1', volume_size: 10, iops: 510 })).toEqual([
      'xvdf: the maximum ratio of provisioned IOPS to requested volume size (in GiB) is 50:1 for io1 volumes',
    ]);
    expect(check({ device_name: 'xvdf', volume_type: 'io1', volume_size: 10, iops: 509 })).toEqual([]);
    expect(messages({ device_name: 'xvdf', volume_type: 'io2', volume_size: 10, iops: 5010 })).toEqual([
      'xvdf: the maximum ratio of provisioned IOPS to requested volume size (in GiB) is 500:1 for io2 volumes',
    ]);
  });

  test('IOPS range for io1 and io2, checked only with a volume size', () => {
    expect(messages({ device_name: 'xvdf', volume_type: 'io1', volume_size: 10, iops: 50 })).toEqual([
      'IOPS must be between 100 and 64000 for device xvdf',
    ]);
    expect(messages({ device_name: 'xvdf', volume_type: 'io2', volume_size: 1000, iops: 64001 })).toEqual([
      'IOPS must be between 100 and 64000 for device xvdf',
    ]);
    expect(check({ device_name: 'xvdf', volume_type: 'io1', iops: 50 })).toEqual([]);
  });

  test('gp3 throughput and IOPS ranges', () => {
    expect(messages({ device_name: 'xvdf', volume_type: 'gp3', throughput: 124 })).toEqual([
      'Throughput must be between 125 and 1000 for device xvdf',
    ]);
    expect(messages({ device_name: 'xvdf', volume_type: 'gp3', throughput: 1001 })).toEqual([
      'Throughput must be between 125 and 1000 for device xvdf',
    ]);
    expect(messages({ device_name: 'xvdf', volume_type: 'gp3', iops: 2999 })).toEqual([
      'IOPS must be between 3000 and 16000 for device xvdf',
    ]);
    expect(messages({ device_name: 'xvdf', volume_type: 'gp3', iops: 16001 })).toEqual([
      'IOPS must be between 3000 and 16000 for device xvdf',
    ]);
  });

  test('throughput on anything but gp3', () => {
    expect(messages({ device_name: 'xvdf', volume_type: 'gp2', throughput: 200 })).toEqual([
      'Throughput is only valid for gp3 volumes, "xvdf" is of type gp2',
    ]);
    expect(messages({ device_name: 'xvdf', throughput: 200 })).toEqual([
      'Throughput is only valid for gp3 volumes, "xvdf" is of type ',
    ]);
  });

  test('only the first problem of a mapping is reported', () => {
    expect(
      messages({ device_name: 'xvdf', kms_key_id: 'k', encrypted: false, volume_type: 'gp2', throughput: 1 }),
    ).toEqual(['The device xvdf, must also have `encrypted: true` when setting a kms_key_id.']);
  });

  test('unknown values are not judged', () => {
    expect(check({ device_name: UNKNOWN, throughput: 1 })).toEqual([]);
    expect(check({ device_name: 'xvdf', volume_type: UNKNOWN, throughput: 1 })).toEqual([]);
    expect(check({ device_name: 'xvdf', volume_type: 'gp3', iops: UNKNOWN })).toEqual([]);
  });
});
