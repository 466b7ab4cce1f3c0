import * as path from 'node:path';
import { RUN_CONFIG_FIELDS } from '../../../src/components/amazon/run-config';
import { isSpotInstance, validateRunConfig } from '../../../src/components/amazon/run-config-checks';
import { communicatorFields } from '../../../src/schema/communicator';
import type { ConfigProblem, FieldSpec } from '../../../src/schema/types';
import { type FakeValue, UNKNOWN, fakeView } from '../../support/config-view';
import { messagesOf } from '../../support/component-harness';
import { tempDir, writeFiles } from '../../support/temp';

/** What the decoder's view of an amazon builder declares: the run config and the communicator options. */
const FIELDS = [...RUN_CONFIG_FIELDS, ...communicatorFields('ssh')];
const BASE = { source_ami: 'ami-12345678', instance_type: 't3.micro' };
function check(data: Record<string, FakeValue>, base: Record<string, FakeValue> = BASE): ConfigProblem[] {
  return validateRunConfig(fakeView(FIELDS, { ...base, ...data }));
}
const messages = (data: Record<string, FakeValue>, base?: Record<string, FakeValue>): string[] =>
  messagesOf(check(data, base));

describe('source AMI and instance type', () => {
  test('source_ami or an owned filter, with instance_type or spot_instance_types, pass', () => {
    expect(check({})).toEqual([]);
    expect(
      check(
        { source_ami_filter: { owners: ['amazon'], filters: { name: 'al2023-*' } } },
        { instance_type: 'm5.large' },
      ),
    ).toEqual([]);
    expect(check({ spot_instance_types: ['t3.micro'], spot_price: 'auto' }, { source_ami: 'ami-1' })).toEqual(
      [],
    );
  });

  test('neither source_ami nor a filter', () => {
    expect(messages({}, { instance_type: 't3.micro' })).toEqual([
      'A source_ami or source_ami_filter must be specified',
      'For security reasons, your source AMI filter must declare an owner.',
    ]);
  });

  test('a filter without owners', () => {
    expect(
      check(
        { source_ami_filter: { filters: { name: 'x' }, most_recent: true } },
        { instance_type: 't3.micro' },
      ),
    ).toEqual([
      {
        message: 'For security reasons, your source AMI filter must declare an owner.',
        field: 'source_ami_filter',
      },
    ]);
  });

  test('instance_type and spot_instance_types', () => {
    expect(messages({}, { source_ami: 'ami-1' })).toEqual([
      'either instance_type or spot_instance_types must be specified',
    ]);
    expect(messages({ spot_instance_types: ['t3.small'] })).toEqual([
      'either instance_type or spot_instance_types must be specified, not both',
    ]);
  });

  test('unknown values are not judged', () => {
    expect(check({}, { source_ami: UNKNOWN, instance_type: UNKNOWN })).toEqual([]);
    expect(check({ source_ami_filter: { owners: UNKNOWN } }, { instance_type: 't3.micro' })).toEqual([]);
  });
});

describe('communicator-related checks', () => {
  test('temporary_key_pair_type is rsa or ed25519 for amazon', () => {
    expect(check({ temporary_key_pair_type: 'ed25519' })).toEqual([]);
    expect(messages({ temporary_key_pair_type: 'ecdsa' })).toEqual([
      'temporary_key_pair_type requires either rsa or ed25519 as its value',
    ]);
  });

  test('ssh_interface values', () => {
    for (const v of ['public_ip', 'private_ip', 'public_dns', 'private_dns', 'ipv6'])
      expect(check({ ssh_interface: v })).toEqual([]);
    expect(check({ ssh_interface: 'public' })).toEqual([
      { message: 'Unknown interface type: public', field: 'ssh_interface' },
    ]);
  });

  test('session_manager needs an instance profile and ssh', () => {
    expect(check({ ssh_interface: 'session_manager', iam_instance_profile: 'p' })).toEqual([]);
    expect(
      check({
        ssh_interface: 'session_manager',
        temporary_iam_instance_profile_policy_document: { Version: '2012-10-17' },
      }),
    ).toEqual([]);
    expect(messages({ ssh_interface: 'session_manager', communicator: 'winrm' })).toEqual([
      'session_manager connectivity is not supported with the "winrm" communicator; please use "ssh"',
      'no iam_instance_profile defined; session_manager connectivity requires a valid instance profile with ' +
        'AmazonSSMManagedInstanceCore permissions. Alternatively a temporary_iam_instance_profile_policy_document can be used.',
    ]);
  });

  test('ssh_keypair_name needs a private key (or the agent)', () => {
    expect(check({ ssh_keypair_name: 'kp', ssh_private_key_file: 'k.pem' })).toEqual([]);
    expect(check({ ssh_keypair_name: 'kp', ssh_agent_auth: true })).toEqual([]);
    expect(messages({ ssh_keypair_name: 'kp' })).toEqual([
      'ssh_private_key_file must be provided or ssh_agent_auth enabled when ssh_keypair_name is specified.',
    ]);
    expect(messages({ ssh_keypair_name: 'kp', communicator: 'winrm' })).toEqual([
      'ssh_private_key_file must be provided to retrieve the winrm password when using ssh_keypair_name.',
    ]);
    // With a winrm password given, Packer falls through to the ssh rule.
    expect(messages({ ssh_keypair_name: 'kp', communicator: 'winrm', winrm_password: 'p' })).toEqual([
      'ssh_private_key_file must be provided or ssh_agent_auth enabled when ssh_keypair_name is specified.',
    ]);
  });
});

describe('spot options', () => {
  test('isSpotInstance: a price other than "" and "0"', () => {
    const spot = (v: FakeValue | undefined) =>
      isSpotInstance(fakeView(FIELDS, v === undefined ? {} : { spot_price: v }));
    expect([spot(undefined), spot(''), spot('0'), spot('auto'), spot('0.1'), spot(UNKNOWN)]).toEqual([
      false,
      false,
      false,
      true,
      true,
      undefined,
    ]);
  });

  test('spot and fleet tags need a spot request, in map or block form', () => {
    expect(check({ spot_price: '0.1', spot_tags: { a: 'b' }, fleet_tags: { c: 'd' } })).toEqual([]);
    expect(messages({ spot_tags: { a: 'b' } })).toEqual([
      'spot_tags should not be set when not requesting a spot instance',
    ]);
    expect(messages({ spot_tag: [{ key: 'a', value: 'b' }], spot_price: '0' })).toEqual([
      'spot_tags should not be set when not requesting a spot instance',
    ]);
    expect(messages({ fleet_tags: {} })).toEqual([
      'fleet_tags should not be set when not requesting a spot instance',
    ]);
    expect(check({ fleet_tags: null })).toEqual([]);
  });

  test('block_duration_minutes and spot_allocation_strategy', () => {
    expect(check({ block_duration_minutes: 120 })).toEqual([]);
    expect(messages({ block_duration_minutes: 90 })).toEqual([
      'block_duration_minutes must be multiple of 60',
    ]);
    expect(check({ spot_allocation_strategy: 'price-capacity-optimized' })).toEqual([]);
    expect(messages({ spot_allocation_strategy: 'cheapest' })).toEqual([
      'invalid spot allocation strategy "cheapest", valid values are either lowest-price, ' +
        'diversified,capacity-optimized, capacity-optimized-prioritized, price-capacity-optimized',
    ]);
  });
});

describe('network and instance options', () => {
  const dir = writeFiles(tempDir('kiln-run-config-'), { 'user-data.sh': '#!/bin/sh\n' });

  test('user_data_file must exist, unless user_data is given too', () => {
    expect(check({ user_data_file: path.join(dir, 'user-data.sh') })).toEqual([]);
    const missing = path.join(dir, 'missing.sh');
    expect(messages({ user_data_file: missing })).toEqual([`user_data_file not found: ${missing}`]);
    // Both at once is the declarations' conflict ("Only one of user_data or user_data_file can be specified.").
    expect(check({ user_data: 'x', user_data_file: missing })).toEqual([]);
    expect(check({ user_data: UNKNOWN, user_data_file: missing })).toEqual([]);
  });

  test('the user data and security group pairs are declared as conflicts', () => {
    const conflicts = Object.fromEntries(
      (RUN_CONFIG_FIELDS as readonly FieldSpec[])
        .filter((f) => f.conflictsWith)
        .map((f) => [f.name, f.conflictsWith]),
    );
    expect(conflicts).toEqual({
      security_group_id: ['security_group_ids'],
      security_group_ids: ['security_group_id'],
      user_data: ['user_data_file'],
      user_data_file: ['user_data'],
    });
  });

  test("temporary_security_group_source_cidrs are parsed as Go's net.ParseCIDR does", () => {
    expect(check({ temporary_security_group_source_cidrs: ['10.0.0.0/8', '::/0'] })).toEqual([]);
    expect(messages({ temporary_security_group_source_cidrs: ['1.2.3.4', '1.2.3.4/33'] })).toEqual([
      'Error parsing CIDR in temporary_security_group_source_cidrs: invalid CIDR address: 1.2.3.4',
      'Error parsing CIDR in temporary_security_group_source_cidrs: invalid CIDR address: 1.2.3.4/33',
    ]);
  });

  test('shutdown_behavior', () => {
    expect(check({ shutdown_behavior: 'terminate' })).toEqual([]);
    expect(check({ shutdown_behavior: '' })).toEqual([]);
    expect(messages({ shutdown_behavior: 'halt' })).toEqual([
      "shutdown_behavior only accepts 'stop' or 'terminate' values.",
    ]);
  });

  test('unlimited credits need a burstable type and no t2 spot', () => {
    expect(
      check({ enable_unlimited_credits: true }, { source_ami: 'a', instance_type: 't4g.small' }),
    ).toEqual([]);
    expect(
      messages({ enable_unlimited_credits: true }, { source_ami: 'a', instance_type: 'm5.large' }),
    ).toEqual([
      'Error: Instance Type: m5.large is not within the supported types for Unlimited credits. Supported instance types are T2, T3, and T4g',
    ]);
    expect(
      messages(
        { enable_t2_unlimited: true, spot_price: '0.1' },
        { source_ami: 'a', instance_type: 't2.micro' },
      ),
    ).toEqual(['Error: Unlimited credits cannot be used in conjunction with Spot Instances']);
  });

  test('capacity reservations', () => {
    expect(check({ capacity_reservation_preference: 'open' })).toEqual([]);
    expect(check({ capacity_reservation_id: 'cr-1' })).toEqual([]);
    expect(messages({ capacity_reservation_id: 'cr-1', capacity_reservation_group_arn: 'arn' })).toEqual([
      'capacity_reservation_id and capacity_reservation_group_arn are mutually exclusive, only one should be used',
    ]);
    expect(messages({ capacity_reservation_id: 'cr-1', capacity_reservation_preference: 'open' })).toEqual([
      'capacity_reservation_id, capacity_reservation_group_arn and capacity_reservation_preference are mutually exclusive, only one should be set',
    ]);
    expect(messages({ capacity_reservation_preference: 'targeted' })).toEqual([
      "capacity_reservation_preference only accepts 'none' or 'open' values",
    ]);
  });

  test('tenancy and placement', () => {
    expect(check({ tenancy: 'dedicated' })).toEqual([]);
    expect(check({ placement: { host_id: 'h-1', tenancy: 'host' } })).toEqual([]);
    expect(messages({ tenancy: 'shared' })).toEqual(['Error: Unknown tenancy type shared']);
    expect(messages({ tenancy: 'default', placement: { tenancy: 'dedicated' } })).toEqual([
      'Error: Please set only one of placement.tenancy and tenancy (deprecated)',
    ]);
    expect(
      messages({ placement: { host_id: 'h-1', host_resource_group_arn: 'arn', tenancy: 'dedicated' } }),
    ).toEqual([
      'The `host_id` and `host_resource_group_arn` settings cannot be specified at the same time.',
      'The tenancy should be `host` if either the `host_id` or `host_resource_group_arn` attributes are specified.',
    ]);
  });

  test('nitro enclaves: no spot, no burstable types', () => {
    expect(check({ enable_nitro_enclave: true }, { source_ami: 'a', instance_type: 'm5.xlarge' })).toEqual(
      [],
    );
    expect(messages({ enable_nitro_enclave: true, spot_price: '0.2' })).toEqual([
      'Error: Nitro Enclave cannot be used in conjunction with Spot Instances',
      'Error: Nitro Enclaves cannot be used in conjunction with burstable instance types: t3.micro',
    ]);
  });
});
