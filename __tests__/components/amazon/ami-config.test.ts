import {
  AMI_CONFIG_FIELDS,
  isValidKmsKeyId,
  validateAmiConfig,
} from '../../../src/components/amazon/ami-config';
import { type FakeValue, UNKNOWN, fakeView } from '../../support/config-view';
import { messagesOf } from '../../support/component-harness';

const check = (data: Record<string, FakeValue>) =>
  validateAmiConfig(fakeView(AMI_CONFIG_FIELDS, { ami_name: 'my-ami', ...data }));
const messages = (data: Record<string, FakeValue>): string[] => messagesOf(check(data));

const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
const BAD_NAME =
  'AMIName should only contain alphanumeric characters, parentheses (()), square brackets ([]), spaces ( ), ' +
  "periods (.), slashes (/), dashes (-), single quotes ('), at-signs (@), or underscores(_). You can use the " +
  '`clean_resource_name` template filter to automatically clean your ami name.';
const LENGTH = 'ami_name must be between 3 and 128 characters long';

describe('ami_name', () => {
  test('allowed characters and lengths', () => {
    expect(check({ ami_name: "My AMI (v1.2) [x86_64] /base-'@_" })).toEqual([]);
    expect(check({ ami_name: 'abc' })).toEqual([]);
    expect(check({ ami_name: 'a'.repeat(128) })).toEqual([]);
  });

  test('too short or too long, counted in bytes as Go does', () => {
    expect(messages({ ami_name: 'ab' })).toEqual([LENGTH]);
    expect(messages({ ami_name: 'a'.repeat(129) })).toEqual([LENGTH]);
    // "é" is two bytes (and not allowed either)
    expect(messages({ ami_name: 'a'.repeat(127) + 'é' })).toEqual([LENGTH, BAD_NAME]);
  });

  test('other characters', () => {
    expect(messages({ ami_name: 'my_ami:1' })).toEqual([BAD_NAME]);
    expect(messages({ ami_name: 'my ami, v2' })).toEqual([BAD_NAME]);
  });

  test("an empty name is too short (that it is missing is the declaration's `required`)", () => {
    expect(messages({ ami_name: '' })).toEqual([LENGTH]);
  });

  test('a name still holding template actions, or unknown, is not judged yet', () => {
    expect(check({ ami_name: 'packer {{timestamp}}' })).toEqual([]);
    expect(check({ ami_name: UNKNOWN })).toEqual([]);
  });
});

describe('KMS keys and sharing', () => {
  test('valid key forms', () => {
    for (const key of [
      KEY,
      'mrk-1234abcd12ab34cd56ef1234567890ab',
      'alias/my-key',
      `arn:aws:kms:us-east-1:123456789012:key/${KEY}`,
      'arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-1234abcd',
      'arn:aws-cn:kms:cn-north-1:123456789012:alias/my-key',
    ]) {
      expect([key, isValidKmsKeyId(key)]).toEqual([key, true]);
    }
    for (const key of ['my-key', 'alias/', 'arn:aws:kms:us-east-1:12345:key/abc', 'ALIAS/x', 'xyz']) {
      expect([key, isValidKmsKeyId(key)]).toEqual([key, false]);
    }
  });

  test('a key needs encrypt_boot = true, and must look like a key', () => {
    expect(check({ kms_key_id: KEY, encrypt_boot: true })).toEqual([]);
    expect(messages({ kms_key_id: KEY })).toEqual([
      'If you have set either region_kms_key_ids or kms_key_id, encrypt_boot must also be true.',
    ]);
    expect(messages({ kms_key_id: 'nope', encrypt_boot: true })).toEqual([
      '"nope" is not a valid KMS Key Id.',
    ]);
    expect(
      messages({
        region_kms_key_ids: { 'eu-west-1': 'nope' },
        ami_regions: ['eu-west-1'],
        encrypt_boot: false,
      }),
    ).toEqual([
      'If you have set either region_kms_key_ids or kms_key_id, encrypt_boot must also be true.',
      '"nope" is not a valid KMS Key Id.',
    ]);
  });

  test('region_kms_key_ids and ami_regions must name the same regions', () => {
    expect(
      messages({
        region_kms_key_ids: { 'eu-west-1': KEY, 'us-west-2': KEY },
        ami_regions: ['eu-west-1', 'eu-central-1', 'eu-central-1'],
        encrypt_boot: true,
      }),
    ).toEqual([
      'Region us-west-2 is in region_kms_key_ids but not in ami_regions',
      'Region eu-central-1 is in ami_regions but not in region_kms_key_ids',
    ]);
  });

  test('sharing an AMI or snapshot encrypted with a default key', () => {
    expect(messages({ ami_users: ['123456789012'], encrypt_boot: true })).toEqual([
      'Cannot share AMI encrypted with default KMS key',
    ]);
    expect(
      messages({
        ami_org_arns: ['arn:aws:organizations::1:organization/o-1'],
        encrypt_boot: true,
        kms_key_id: KEY,
      }),
    ).toEqual([]);
    expect(
      messages({
        ami_ou_arns: ['ou'],
        encrypt_boot: true,
        ami_regions: ['eu-west-1'],
        region_kms_key_ids: { 'eu-west-1': '' },
      }),
    ).toEqual(['Cannot share AMI encrypted with default KMS key for other regions']);
    expect(messages({ snapshot_users: ['123456789012'], encrypt_boot: true })).toEqual([
      'Cannot share snapshot encrypted with default KMS key, see https://www.packer.io/docs/builders/amazon-ebs#region_kms_key_ids for more information',
    ]);
    expect(
      messages({
        snapshot_users: ['1'],
        encrypt_boot: true,
        ami_regions: ['eu-west-1'],
        region_kms_key_ids: { 'eu-west-1': '' },
      }),
    ).toEqual(['Cannot share snapshot encrypted with default KMS key']);
    // Not encrypting: nothing to share wrongly.
    expect(check({ ami_users: ['1'], snapshot_users: ['1'] })).toEqual([]);
  });

  test('unknown keys are not judged', () => {
    expect(check({ kms_key_id: UNKNOWN })).toEqual([]);
    expect(check({ kms_key_id: 'x', encrypt_boot: UNKNOWN })).toEqual([
      { message: '"x" is not a valid KMS Key Id.', field: 'kms_key_id' },
    ]);
    expect(check({ ami_users: ['1'], encrypt_boot: true, kms_key_id: UNKNOWN })).toEqual([]);
  });
});

describe('imds_support and deprecate_at', () => {
  test('imds_support is v2.0 or empty', () => {
    expect(check({ imds_support: 'v2.0' })).toEqual([]);
    expect(check({ imds_support: '' })).toEqual([]);
    expect(check({ imds_support: 'v2' })).toEqual([
      { message: 'The only valid imds_support values are "v2.0" or the empty string', field: 'imds_support' },
    ]);
  });

  test("deprecate_at must parse as Go's RFC 3339", () => {
    expect(check({ deprecate_at: '2030-01-02T03:04:05Z' })).toEqual([]);
    expect(check({ deprecate_at: '2030-01-02T03:04:05.123+02:00' })).toEqual([]);
    // Go's time.Parse is more lenient than RFC 3339 (checked with Go 1.x): these pass in Packer too.
    for (const lenient of ['2030-01-02T3:04:05Z', '2030-01-02T03:04:05+24:00', '2030-01-02T03:04:05,5Z']) {
      expect(check({ deprecate_at: lenient })).toEqual([]);
    }
    for (const bad of ['2030-01-02', '2030-01-02 03:04:05Z', '2030-02-30T00:00:00Z', 'tomorrow']) {
      expect(messages({ deprecate_at: bad })).toEqual([
        `deprecate_at is not a valid time: "${bad}". Expect time format: YYYY-MM-DDTHH:MM:SSZ`,
      ]);
    }
  });
});
