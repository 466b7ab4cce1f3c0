import { ACCESS_CONFIG_FIELDS, validateAccessConfig } from '../../../src/components/amazon/access-config';
import { type FakeValue, UNKNOWN, fakeView } from '../../support/config-view';

const check = (data: Record<string, FakeValue>) => validateAccessConfig(fakeView(ACCESS_CONFIG_FIELDS, data));
const BOTH = '`access_key` and `secret_key` must both be either set or not set.';
const VAULT = 'If you have set vault_aws_engine, you must not set the access_key or secret_key.';

describe('amazon access config checks', () => {
  test('no static credentials, or both keys, pass', () => {
    expect(check({})).toEqual([]);
    expect(check({ access_key: 'AKIA', secret_key: 's' })).toEqual([]);
    expect(check({ access_key: '', secret_key: '' })).toEqual([]);
  });

  test('one key without the other', () => {
    expect(check({ access_key: 'AKIA' })).toEqual([{ message: BOTH, field: 'access_key' }]);
    expect(check({ secret_key: 's' })).toEqual([{ message: BOTH, field: 'secret_key' }]);
    expect(check({ access_key: 'AKIA', secret_key: '' })).toEqual([{ message: BOTH, field: 'access_key' }]);
  });

  test('vault_aws_engine excludes an access key', () => {
    expect(check({ vault_aws_engine: { name: 'role' }, access_key: 'AKIA', secret_key: 's' })).toEqual([
      { message: VAULT, field: 'access_key' },
    ]);
    expect(check({ vault_aws_engine: { name: 'role' } })).toEqual([]);
    // A block with every option empty is no vault configuration at all.
    expect(check({ vault_aws_engine: { name: '' }, access_key: 'AKIA', secret_key: 's' })).toEqual([]);
  });

  test('unknown keys are not judged', () => {
    expect(check({ access_key: UNKNOWN })).toEqual([]);
    expect(check({ access_key: 'AKIA', secret_key: UNKNOWN })).toEqual([]);
    expect(check({ vault_aws_engine: { name: UNKNOWN }, access_key: 'AKIA', secret_key: 's' })).toEqual([]);
  });
});
