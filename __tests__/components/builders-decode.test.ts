import { AMAZON_EBS_SCHEMA } from '../../src/components/amazon/ebs-schema';
import { FILE_BUILDER_SCHEMA, NULL_BUILDER_SCHEMA } from '../../src/components/core/builders';
import { DOCKER_BUILDER_SCHEMA } from '../../src/components/docker/builder-schema';
import { decode } from '../support/component-decode';
import { summarizeWithSeverity } from '../support/diagnostics';

/** The builder declarations through the real decoder: HCL and JSON bodies, ranges, defaults, unknowns. */

const EBS_OK = `
region        = "us-east-1"
ami_name      = "kiln-base-2030"
instance_type = "t3.micro"
ssh_username  = "ec2-user"
source_ami_filter {
  filters = {
    name                = "al2023-ami-*-x86_64"
    virtualization-type = "hvm"
  }
  owners      = ["amazon"]
  most_recent = true
}
launch_block_device_mappings {
  device_name           = "/dev/xvda"
  volume_size           = 20
  volume_type           = "gp3"
  throughput            = 250
  delete_on_termination = true
}
tag {
  key   = "Name"
  value = "kiln"
}
metadata_options {
  http_tokens = "required"
}
`;

describe('amazon-ebs through the decoder', () => {
  test('a realistic source decodes without diagnostics, with Packer defaults applied', () => {
    const d = decode(AMAZON_EBS_SCHEMA, EBS_OK);
    expect(summarizeWithSeverity(d.diagnostics)).toEqual([]);
    expect(d.view.string('shutdown_behavior')).toBe('stop');
    expect(d.view.number('max_retries')).toBe(10);
    expect(d.view.duration('windows_password_timeout')).toBe(20 * 60 * 1000);
    expect(d.view.string('communicator')).toBe('ssh');
    const [metadata] = d.view.blocks('metadata_options');
    expect([
      metadata.string('http_tokens'),
      metadata.string('http_endpoint'),
      metadata.number('http_put_response_hop_limit'),
    ]).toEqual(['required', 'enabled', 1]);
    const [device] = d.view.blocks('launch_block_device_mappings');
    expect([device.string('device_name'), device.number('throughput'), device.bool('encrypted')]).toEqual([
      '/dev/xvda',
      250,
      undefined,
    ]);
    expect(d.view.blocks('tag').map((t) => [t.string('key'), t.string('value')])).toEqual([['Name', 'kiln']]);
  });

  test('problems point at the option, a nested block, or the block header', () => {
    const d = decode(
      AMAZON_EBS_SCHEMA,
      `instance_type     = "t3.micro"
ssh_username      = "ec2-user"
source_ami        = "ami-12345678"
shutdown_behavior = "halt"
user_data         = "#!/bin/sh"
user_data_file    = "boot.sh"
launch_block_device_mappings {
  device_name = "/dev/xvdb"
  volume_type = "gp2"
  throughput  = 300
}
`,
    );
    expect(summarizeWithSeverity(d.diagnostics)).toEqual([
      ['error', 'ami_name must be specified', '', '100:1-100:20'],
      ['error', 'Only one of user_data or user_data_file can be specified.', '', '6:1-6:30'],
      ['error', 'Throughput is only valid for gp3 volumes, "/dev/xvdb" is of type gp2', '', '10:3-10:20'],
      ['error', 'ami_name must be between 3 and 128 characters long', '', '100:1-100:20'],
      ['error', "shutdown_behavior only accepts 'stop' or 'terminate' values.", '', '4:1-4:27'],
    ]);
  });

  test('a metadata_options problem points at the option inside the block', () => {
    const d = decode(
      AMAZON_EBS_SCHEMA,
      `${EBS_OK.replace('http_tokens = "required"', 'http_tokens = "always"')}`,
    );
    expect(summarizeWithSeverity(d.diagnostics)).toEqual([
      ['error', 'http_tokens requires either optional or required as its value', '', '26:3-26:25'],
    ]);
  });

  test('values not known yet are judged as Packer\'s "<unknown>" placeholder, as the plugin sees them', () => {
    const d = decode(
      AMAZON_EBS_SCHEMA,
      `ami_name      = var.later
instance_type = var.later
source_ami    = var.later
ssh_username  = "ec2-user"
kms_key_id    = var.later
launch_block_device_mappings {
  device_name = var.later
  throughput  = 1
}
`,
    );
    expect(summarizeWithSeverity(d.diagnostics).map(([, summary]) => summary.slice(0, 40))).toEqual([
      'Throughput is only valid for gp3 volumes',
      'If you have set either region_kms_key_id',
      '"<unknown>" is not a valid KMS Key Id.',
      'AMIName should only contain alphanumeric',
    ]);
  });

  test('a misspelt option is "Unsupported argument", and the Prepare checks do not run', () => {
    const d = decode(AMAZON_EBS_SCHEMA, `ami_nmae = "x"\n`);
    expect(d.diagnostics.map((x) => x.summary)).toEqual(['Unsupported argument']);
    expect(d.diagnostics[0].detail).toContain('Did you mean "ami_name"?');
  });

  test('the deprecated spot_price_auto_product warns', () => {
    const d = decode(AMAZON_EBS_SCHEMA, `${EBS_OK}\nspot_price_auto_product = "Linux/UNIX"\n`);
    expect(
      summarizeWithSeverity(d.diagnostics).map(([severity, summary]) => [severity, summary.slice(0, 47)]),
    ).toEqual([['warning', 'spot_price_auto_product is deprecated and no lo']]);
  });

  test('JSON bodies: blocks as objects and arrays of objects', () => {
    const d = decode(
      AMAZON_EBS_SCHEMA,
      JSON.stringify({
        ami_name: 'kiln json',
        instance_type: 't3.micro',
        ssh_username: 'ec2-user',
        source_ami_filter: { owners: ['self'], filters: { name: 'x-*' } },
        ami_block_device_mappings: [
          { device_name: '/dev/sdb', virtual_name: 'ephemeral0' },
          { device_name: '/dev/sdc', volume_type: 'io1', volume_size: 10, iops: 1000 },
        ],
      }),
      'test.pkr.json',
    );
    expect(summarizeWithSeverity(d.diagnostics)).toEqual([
      [
        'error',
        '/dev/sdc: the maximum ratio of provisioned IOPS to requested volume size (in GiB) is 50:1 for io1 volumes',
        '',
        expect.stringMatching(/^1:\d+-1:\d+$/) as unknown as string,
      ],
    ]);
    expect(d.view.blocks('ami_block_device_mappings').map((b) => b.string('device_name'))).toEqual([
      '/dev/sdb',
      '/dev/sdc',
    ]);
  });
});

describe('docker, null and file through the decoder', () => {
  test('docker: defaults, and Packer checks with ranges', () => {
    const ok = decode(
      DOCKER_BUILDER_SCHEMA,
      `image = "ubuntu:24.04"\ncommit = true\nchanges = ["USER ubuntu"]\n`,
    );
    expect(summarizeWithSeverity(ok.diagnostics)).toEqual([]);
    expect(ok.view.string('communicator')).toBe('docker');
    expect(ok.view.bool('pull')).toBe(true);
    expect(ok.view.strings('run_command')).toEqual([
      '-d',
      '-i',
      '-t',
      '--entrypoint=/bin/sh',
      '--',
      '{{.Image}}',
    ]);
    expect(ok.view.string('container_dir')).toBe('/packer-files');

    const bad = decode(DOCKER_BUILDER_SCHEMA, `commit = true\ndiscard = true\necr_login = true\n`);
    expect(summarizeWithSeverity(bad.diagnostics)).toEqual([
      [
        'error',
        "missing 'image' attribute or 'build' section, either needs to be specified for a build to run.",
        '',
        '100:1-100:20',
      ],
      ['error', 'Cannot specify more than one of commit, discard, and export_path', '', '100:1-100:20'],
      ['error', 'ECR login requires login server to be provided.', '', '3:1-3:17'],
    ]);
  });

  test('docker: the build block', () => {
    const d = decode(DOCKER_BUILDER_SCHEMA, `discard = true\nbuild {\n  compress = true\n}\n`);
    expect(summarizeWithSeverity(d.diagnostics)).toEqual([
      ['error', '`path` is required for bootstrapping a build with `docker build`', '', '2:1-2:6'],
    ]);
  });

  test('null: the communicator must reach a host', () => {
    expect(summarizeWithSeverity(decode(NULL_BUILDER_SCHEMA, `communicator = "none"\n`).diagnostics)).toEqual(
      [],
    );
    expect(
      summarizeWithSeverity(
        decode(NULL_BUILDER_SCHEMA, `ssh_host = "10.0.0.5"\nssh_username = "ops"\nssh_agent_auth = true\n`)
          .diagnostics,
      ),
    ).toEqual([]);
    expect(decode(NULL_BUILDER_SCHEMA, `ssh_host = "10.0.0.5"\n`).diagnostics.map((x) => x.summary)).toEqual([
      'An ssh_username must be specified',
      'a Username must be specified, please reference your communicator documentation',
      'one authentication method must be specified, please reference your communicator documentation',
    ]);
  });

  test('file: target required (absent or empty), content and source exclusive, no communicator options', () => {
    expect(summarizeWithSeverity(decode(FILE_BUILDER_SCHEMA, `content = "x"\n`).diagnostics)).toEqual([
      ['error', 'target required', '', '100:1-100:20'],
    ]);
    expect(
      summarizeWithSeverity(decode(FILE_BUILDER_SCHEMA, `target = ""\ncontent = "x"\n`).diagnostics),
    ).toEqual([['error', 'target required', '', '1:1-1:12']]);
    expect(
      summarizeWithSeverity(
        decode(FILE_BUILDER_SCHEMA, `target = "t"\ncontent = "x"\nsource = "s"\n`).diagnostics,
      ),
    ).toEqual([['error', 'Cannot specify source file AND content', '', '2:1-2:14']]);
    expect(
      decode(FILE_BUILDER_SCHEMA, `target = "t"\nssh_host = "h"\n`).diagnostics.map((x) => x.summary),
    ).toEqual(['Unsupported argument']);
  });
});
