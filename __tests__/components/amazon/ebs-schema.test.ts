import { AMAZON_EBS_SCHEMA } from '../../../src/components/amazon/ebs-schema';
import { componentFields } from '../../../src/schema/decode';
import type { ConfigProblem, FieldSpec } from '../../../src/schema/types';
import { type FakeValue, fakeView } from '../../support/config-view';
import { type Shape, schemaProblems, shapeOf } from '../../support/schema-checks';

/**
 * Every option of builder/ebs/builder.hcl2spec.go (and the nested Flat* specs it refers to), with
 * its cty type; packer_* and the communicator options (ssh_*, winrm_*, communicator,
 * pause_before_connecting, temporary_key_pair_*) come from elsewhere. ssh_interface is amazon's own.
 */
const EBS_SHAPE: Shape = {
  access_key: 'string',
  assume_role: {
    single: {
      role_arn: 'string',
      duration_seconds: 'number',
      external_id: 'string',
      policy: 'string',
      policy_arns: 'list(string)',
      session_name: 'string',
      tags: 'map(string)',
      transitive_tag_keys: 'list(string)',
    },
  },
  custom_endpoint_ec2: 'string',
  shared_credentials_file: 'string',
  decode_authorization_messages: 'bool',
  insecure_skip_tls_verify: 'bool',
  max_retries: 'number',
  mfa_code: 'string',
  profile: 'string',
  region: 'string',
  secret_key: 'string',
  skip_metadata_api_check: 'bool',
  skip_credential_validation: 'bool',
  token: 'string',
  vault_aws_engine: { single: { name: 'string', role_arn: 'string', ttl: 'string', engine_name: 'string' } },
  aws_polling: { single: { max_attempts: 'number', delay_seconds: 'number' } },
  ami_name: 'string',
  ami_description: 'string',
  ami_virtualization_type: 'string',
  ami_users: 'list(string)',
  ami_groups: 'list(string)',
  ami_org_arns: 'list(string)',
  ami_ou_arns: 'list(string)',
  ami_product_codes: 'list(string)',
  ami_regions: 'list(string)',
  skip_region_validation: 'bool',
  snapshot_copy_duration_minutes: 'number',
  tags: 'map(string)',
  tag: { repeated: { key: 'string', value: 'string' } },
  ena_support: 'bool',
  sriov_support: 'bool',
  force_deregister: 'bool',
  force_delete_snapshot: 'bool',
  encrypt_boot: 'bool',
  kms_key_id: 'string',
  region_kms_key_ids: 'map(string)',
  skip_save_build_region: 'bool',
  imds_support: 'string',
  deprecate_at: 'string',
  snapshot_tags: 'map(string)',
  snapshot_tag: { repeated: { key: 'string', value: 'string' } },
  snapshot_users: 'list(string)',
  snapshot_groups: 'list(string)',
  deregistration_protection: { single: { enabled: 'bool', with_cooldown: 'bool' } },
  associate_public_ip_address: 'bool',
  availability_zone: 'string',
  block_duration_minutes: 'number',
  capacity_reservation_preference: 'string',
  capacity_reservation_id: 'string',
  capacity_reservation_group_arn: 'string',
  disable_stop_instance: 'bool',
  ebs_optimized: 'bool',
  enable_nitro_enclave: 'bool',
  enable_t2_unlimited: 'bool',
  enable_unlimited_credits: 'bool',
  iam_instance_profile: 'string',
  fleet_tags: 'map(string)',
  fleet_tag: { repeated: { key: 'string', value: 'string' } },
  skip_profile_validation: 'bool',
  temporary_iam_instance_profile_policy_document: {
    single: {
      Version: 'string',
      Statement: { repeated: { Effect: 'string', Action: 'list(string)', Resource: 'list(string)' } },
    },
  },
  shutdown_behavior: 'string',
  instance_type: 'string',
  security_group_filter: {
    single: { filters: 'map(string)', filter: { repeated: { name: 'string', value: 'string' } } },
  },
  run_tags: 'map(string)',
  run_tag: { repeated: { key: 'string', value: 'string' } },
  security_group_id: 'string',
  security_group_ids: 'list(string)',
  source_ami: 'string',
  source_ami_filter: {
    single: {
      filters: 'map(string)',
      owners: 'list(string)',
      most_recent: 'bool',
      include_deprecated: 'bool',
    },
  },
  spot_allocation_strategy: 'string',
  spot_instance_types: 'list(string)',
  spot_price: 'string',
  spot_price_auto_product: 'string',
  spot_tags: 'map(string)',
  spot_tag: { repeated: { key: 'string', value: 'string' } },
  subnet_filter: {
    single: {
      filters: 'map(string)',
      filter: { repeated: { name: 'string', value: 'string' } },
      most_free: 'bool',
      random: 'bool',
    },
  },
  subnet_id: 'string',
  license_specifications: {
    repeated: { license_configuration_request: { single: { license_configuration_arn: 'string' } } },
  },
  placement: { single: { host_resource_group_arn: 'string', host_id: 'string', tenancy: 'string' } },
  tenancy: 'string',
  temporary_security_group_source_cidrs: 'list(string)',
  temporary_security_group_source_public_ip: 'bool',
  user_data: 'string',
  user_data_file: 'string',
  vpc_filter: {
    single: { filters: 'map(string)', filter: { repeated: { name: 'string', value: 'string' } } },
  },
  vpc_id: 'string',
  windows_password_timeout: 'string',
  metadata_options: {
    single: {
      http_endpoint: 'string',
      http_tokens: 'string',
      http_put_response_hop_limit: 'number',
      instance_metadata_tags: 'string',
    },
  },
  ssh_interface: 'string',
  pause_before_ssm: 'string',
  session_manager_port: 'number',
  skip_create_ami: 'bool',
  skip_ami_run_tags: 'bool',
  ami_block_device_mappings: {
    repeated: {
      delete_on_termination: 'bool',
      device_name: 'string',
      encrypted: 'bool',
      iops: 'number',
      no_device: 'bool',
      snapshot_id: 'string',
      throughput: 'number',
      virtual_name: 'string',
      volume_type: 'string',
      volume_size: 'number',
      kms_key_id: 'string',
    },
  },
  launch_block_device_mappings: {
    repeated: {
      delete_on_termination: 'bool',
      device_name: 'string',
      encrypted: 'bool',
      iops: 'number',
      no_device: 'bool',
      snapshot_id: 'string',
      throughput: 'number',
      virtual_name: 'string',
      volume_type: 'string',
      volume_size: 'number',
      kms_key_id: 'string',
    },
  },
  run_volume_tags: 'map(string)',
  run_volume_tag: { repeated: { name: 'string', value: 'string' } },
  no_ephemeral: 'bool',
  fast_launch: {
    single: {
      enable_fast_launch: 'bool',
      template_id: 'string',
      template_name: 'string',
      template_version: 'number',
      region_launch_templates: {
        repeated: {
          enable_fast_launch: 'bool',
          region: 'string',
          template_id: 'string',
          template_name: 'string',
          template_version: 'number',
        },
      },
      max_parallel_launches: 'number',
      target_resource_count: 'number',
    },
  },
};

export function checkEbs(data: Record<string, FakeValue>): ConfigProblem[] {
  return [...(AMAZON_EBS_SCHEMA.validate?.(fakeView(componentFields(AMAZON_EBS_SCHEMA), data)) ?? [])];
}

function allFields(fields: readonly FieldSpec[], prefix = ''): [string, FieldSpec][] {
  return fields.flatMap((f): [string, FieldSpec][] => [
    [prefix + f.name, f],
    ...(f.type.kind === 'block' ? allFields(f.type.fields, `${prefix}${f.name}.`) : []),
  ]);
}

describe('amazon-ebs declaration', () => {
  test('is well formed', () => {
    expect(schemaProblems(AMAZON_EBS_SCHEMA)).toEqual([]);
    expect([AMAZON_EBS_SCHEMA.kind, AMAZON_EBS_SCHEMA.type, AMAZON_EBS_SCHEMA.plugin]).toEqual([
      'builder',
      'amazon-ebs',
      'github.com/hashicorp/amazon',
    ]);
    expect(AMAZON_EBS_SCHEMA.communicator).toBe('ssh');
  });

  test("declares exactly the options of the plugin's hcl2spec, with their types", () => {
    expect(shapeOf(AMAZON_EBS_SCHEMA.fields)).toEqual(EBS_SHAPE);
  });

  test("has Packer's Prepare-time defaults", () => {
    const defaults = Object.fromEntries(
      allFields(AMAZON_EBS_SCHEMA.fields)
        .filter(([, f]) => f.default !== undefined)
        .map(([name, f]) => [name, f.default]),
    );
    expect(defaults).toEqual({
      max_retries: 10,
      shutdown_behavior: 'stop',
      windows_password_timeout: '20m',
      'metadata_options.http_endpoint': 'enabled',
      'metadata_options.http_tokens': 'optional',
      'metadata_options.http_put_response_hop_limit': 1,
      'metadata_options.instance_metadata_tags': 'disabled',
    });
  });

  test('masks credentials, requires ami_name, and deprecates spot_price_auto_product', () => {
    const fields = allFields(AMAZON_EBS_SCHEMA.fields);
    expect(fields.filter(([, f]) => f.sensitive).map(([n]) => n)).toEqual([
      'access_key',
      'mfa_code',
      'secret_key',
      'token',
    ]);
    expect(fields.filter(([, f]) => f.required).map(([n, f]) => [n, f.required])).toEqual([
      ['ami_name', 'ami_name must be specified'],
    ]);
    expect(fields.filter(([, f]) => f.deprecated).map(([n]) => n)).toEqual(['spot_price_auto_product']);
  });
});

describe('amazon-ebs builder-level checks', () => {
  const base = { ami_name: 'my-ami', source_ami: 'ami-12345678', instance_type: 't3.micro' };

  test('a minimal configuration passes', () => {
    expect(checkEbs(base)).toEqual([]);
  });

  test('spot instances cannot modify ENA or SR-IOV support', () => {
    const message =
      'Spot instances do not support modification, which is required when either `ena_support` or ' +
      '`sriov_support` are set. Please ensure you use an AMI that already has either SR-IOV or ENA enabled.';
    expect(checkEbs({ ...base, spot_price: 'auto', ena_support: true })).toEqual([
      { message, field: 'ena_support' },
    ]);
    expect(checkEbs({ ...base, spot_price: '0.05', sriov_support: true })).toEqual([
      { message, field: 'sriov_support' },
    ]);
    // "0" and "" mean on demand; ena_support = false is no modification request.
    expect(checkEbs({ ...base, spot_price: '0', ena_support: true })).toEqual([]);
    expect(checkEbs({ ...base, spot_price: '0.05', ena_support: false })).toEqual([]);
  });

  test('enable_t2_unlimited still works, with a deprecation warning', () => {
    expect(checkEbs({ ...base, instance_type: 't2.micro', enable_t2_unlimited: true })).toEqual([
      {
        severity: 'warning',
        message:
          'enable_t2_unlimited is deprecated please use enable_unlimited_credits. In future versions of Packer, ' +
          'inclusion of enable_t2_unlimited will error your builds.',
        field: 'enable_t2_unlimited',
      },
    ]);
  });

  test('problems of every part are reported together', () => {
    const messages = checkEbs({ access_key: 'AKIA', instance_type: 't3.micro' }).map((p) => p.message);
    expect(messages).toEqual([
      '`access_key` and `secret_key` must both be either set or not set.',
      'ami_name must be between 3 and 128 characters long',
      'A source_ami or source_ami_filter must be specified',
      'For security reasons, your source AMI filter must declare an owner.',
    ]);
  });

  test('agrees with `packer validate` (Packer 1.6.6) on a template with many problems', () => {
    // Its output, less "An ssh_username must be specified" (the communicator's check) and the block
    // device's ratio error (a nested block's own check), in the same order.
    const packer166 = [
      '`access_key` and `secret_key` must both be either set or not set.',
      'ami_name must be between 3 and 128 characters long',
      'AMIName should only contain alphanumeric characters, parentheses (()), square brackets ([]), spaces ( ), ' +
        "periods (.), slashes (/), dashes (-), single quotes ('), at-signs (@), or underscores(_). You can use the " +
        '`clean_resource_name` template filter to automatically clean your ami name.',
      'A source_ami or source_ami_filter must be specified',
      'For security reasons, your source AMI filter must declare an owner.',
      'either instance_type or spot_instance_types must be specified',
      'block_duration_minutes must be multiple of 60',
      'spot_tags should not be set when not requesting a spot instance',
      'Error parsing CIDR in temporary_security_group_source_cidrs: invalid CIDR address: 1.2.3.4',
      "shutdown_behavior only accepts 'stop' or 'terminate' values.",
    ];
    const problems = checkEbs({
      ami_name: 'a:',
      access_key: 'AKIA',
      region: 'us-east-1',
      spot_tags: {},
      block_duration_minutes: 90,
      temporary_security_group_source_cidrs: ['1.2.3.4'],
      shutdown_behavior: 'halt',
      launch_block_device_mappings: [{ device_name: 'xvdf', volume_type: 'io1', volume_size: 10, iops: 510 }],
    });
    expect(problems.map((p) => p.message)).toEqual(packer166);
  });
});
