import type { Image, Instance } from '@aws-sdk/client-ec2';

import { instanceHost } from '../../../../../src/components/amazon/ebs/steps/connect';
import {
  isBase64,
  launchBlockDeviceMappings,
  loadUserData,
} from '../../../../../src/components/amazon/ebs/steps/launch-request';
import { csvValues, ec2Tags } from '../../../../../src/components/amazon/ebs/steps/launch-support';
import { mostFreeSubnet } from '../../../../../src/components/amazon/ebs/steps/network';
import { ingressPermission } from '../../../../../src/components/amazon/ebs/steps/security-group';
import {
  describeImagesInput,
  mostRecentImage,
  pickImage,
} from '../../../../../src/components/amazon/ebs/steps/source-ami';
import { communicatorPort, isSpot } from '../../../../../src/components/amazon/options/run';
import { RUN_TAG_KEY } from '../../../../../src/components/amazon/aws/ledger';
import { ebsOptions } from './support';

/** The launch steps' pure parts: options as Packer's Prepare leaves them, host choice, requests. */

const BASE = `
region = "us-west-2"
instance_type = "t3.micro"
ami_name = "x"
source_ami = "ami-12345678"
`;

describe('readRunOptions', () => {
  it("applies Packer's defaults: temporary key pair packer_<uuid>, 0.0.0.0/0, stop, metadata", () => {
    const run = ebsOptions(`${BASE}\nssh_username = "root"`).run;
    expect(run.communicator.ssh.temporaryKeyPair.name).toMatch(/^packer_[0-9a-f-]{36}$/);
    expect(run.communicator.ssh.temporaryKeyPair.type).toBe('rsa');
    expect(run.temporarySecurityGroupSourceCidrs).toEqual(['0.0.0.0/0']);
    expect(run.shutdownBehavior).toBe('stop');
    expect(run.metadata).toEqual({
      httpEndpoint: 'enabled',
      httpTokens: 'optional',
      httpPutResponseHopLimit: 1,
      instanceMetadataTags: 'disabled',
    });
    expect(run.associatePublicIpAddress).toBeUndefined();
    expect(isSpot(run)).toBe(false);
    expect(communicatorPort(run)).toBe(22);
  });

  it('gives no temporary key pair name with a key file, a key pair name or a password', () => {
    for (const extra of [
      'ssh_private_key_file = "/k"',
      'ssh_keypair_name = "mine"\nssh_agent_auth = true',
      'ssh_password = "pw"',
    ]) {
      expect(
        ebsOptions(`${BASE}\nssh_username = "root"\n${extra}`).run.communicator.ssh.temporaryKeyPair.name,
      ).toBe('');
    }
    expect(
      ebsOptions(`${BASE}\nssh_username = "root"\ntemporary_key_pair_name = "given"`).run.communicator.ssh
        .temporaryKeyPair.name,
    ).toBe('given');
  });

  it('reads filters, tags in both forms, placement, devices and spot options', () => {
    const run = ebsOptions(`
region = "us-west-2"
ami_name = "x"
spot_price = "auto"
spot_instance_types = ["t3.micro", "t3.small"]
ssh_username = "root"
ssh_interface = "ipv6"
source_ami_filter {
  filters = { name = "debian-*" }
  owners = ["amazon"]
  most_recent = true
}
subnet_filter {
  filters = { "tag:Class" = "build" }
  filter {
    name = "tag:Env"
    value = "ci"
  }
  most_free = true
}
security_group_id = "sg-1"
run_tags = { a = "1" }
run_tag {
  key = "b"
  value = "2"
}
run_volume_tag {
  name = "v"
  value = "3"
}
placement { tenancy = "dedicated" }
launch_block_device_mappings {
  device_name = "/dev/xvda"
  volume_size = 20
  volume_type = "gp3"
  throughput = 200
  delete_on_termination = true
}
no_ephemeral = true
`).run;
    expect(run.sourceAmiFilter).toEqual({
      filters: { name: 'debian-*' },
      owners: ['amazon'],
      mostRecent: true,
      includeDeprecated: false,
    });
    expect(run.subnetFilter).toEqual({
      filters: { 'tag:Class': 'build', 'tag:Env': 'ci' },
      mostFree: true,
      random: false,
    });
    expect(run.securityGroupIds).toEqual(['sg-1']);
    expect(run.runTags).toEqual({ a: '1', b: '2' });
    expect(run.runVolumeTags).toEqual({ v: '3' });
    expect(run.tenancy).toBe('dedicated');
    expect(run.temporarySecurityGroupSourceCidrs).toEqual(['::/0']);
    expect(isSpot(run)).toBe(true);
    expect(run.spotInstanceTypes).toEqual(['t3.micro', 't3.small']);
    const mappings = launchBlockDeviceMappings(run);
    expect(mappings[0]).toEqual({
      DeviceName: '/dev/xvda',
      Ebs: { DeleteOnTermination: true, VolumeType: 'gp3', VolumeSize: 20, Throughput: 200 },
    });
    expect(mappings).toHaveLength(27);
    expect(mappings[26]).toEqual({ DeviceName: 'xvdcz', NoDevice: '' });
  });
});

describe('instanceHost (SSHHost)', () => {
  const instance: Instance = {
    VpcId: 'vpc-1',
    PublicIpAddress: '1.2.3.4',
    PrivateIpAddress: '10.0.0.1',
    PublicDnsName: 'ec2-1-2-3-4.example',
    PrivateDnsName: 'ip-10-0-0-1.internal',
    Ipv6Address: '2001:db8::1',
  };

  it('uses the interface asked for', () => {
    expect(instanceHost(instance, 'public_ip', false)).toBe('1.2.3.4');
    expect(instanceHost(instance, 'private_ip', false)).toBe('10.0.0.1');
    expect(instanceHost(instance, 'public_dns', false)).toBe('ec2-1-2-3-4.example');
    expect(instanceHost(instance, 'private_dns', false)).toBe('ip-10-0-0-1.internal');
    expect(instanceHost(instance, 'ipv6', false)).toBe('2001:db8::1');
    expect(() => instanceHost(instance, 'carrier_pigeon', false)).toThrow(
      'Unknown interface type: carrier_pigeon',
    );
  });

  it('by default: the public IP in a VPC, the private one only on the last look; public DNS outside', () => {
    expect(instanceHost(instance, '', false)).toBe('1.2.3.4');
    const privateOnly = { ...instance, PublicIpAddress: undefined };
    expect(instanceHost(privateOnly, '', false)).toBe('');
    expect(instanceHost(privateOnly, '', true)).toBe('10.0.0.1');
    expect(instanceHost({ ...instance, VpcId: undefined }, '', false)).toBe('ec2-1-2-3-4.example');
  });
});

describe('source AMI choice', () => {
  const images: Image[] = [
    { ImageId: 'ami-old', CreationDate: '2020-01-01T00:00:00.000Z' },
    { ImageId: 'ami-new', CreationDate: '2024-06-01T00:00:00.000Z' },
    { ImageId: 'ami-mid', CreationDate: '2022-01-01T00:00:00.000Z' },
  ];

  it('takes the newest with most_recent, fails on several without it, on none always', () => {
    const input = describeImagesInput('', {
      filters: { name: 'x,"y,z"' },
      owners: ['self'],
      mostRecent: true,
      includeDeprecated: false,
    });
    expect(input).toEqual({
      IncludeDeprecated: false,
      Filters: [{ Name: 'name', Values: ['x', 'y,z'] }],
      Owners: ['self'],
    });
    expect(mostRecentImage(images).ImageId).toBe('ami-new');
    expect(pickImage(images, input, true).ImageId).toBe('ami-new');
    expect(() => pickImage(images, input, false)).toThrow(
      'Your query returned more than one result. Please try a more specific search, or set most_recent to true.',
    );
    expect(() => pickImage([], input, true)).toThrow(/^No AMI was found matching filters: /);
  });
});

describe('request pieces', () => {
  it('splits filter values as CSV', () => {
    expect(csvValues('a, b,"c,d"')).toEqual(['a', 'b', 'c,d']);
    expect(csvValues('')).toEqual(['']);
  });

  it('adds the run tag to every tag set', () => {
    expect(ec2Tags({ a: '1' }, 'run-1')).toEqual([
      { Key: 'a', Value: '1' },
      { Key: RUN_TAG_KEY, Value: 'run-1' },
    ]);
  });

  it('separates IPv4 and IPv6 ranges and rejects a bad CIDR', () => {
    expect(ingressPermission(22, ['0.0.0.0/0', '::/0'])).toEqual({
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
      Ipv6Ranges: [{ CidrIpv6: '::/0' }],
    });
    expect(() => ingressPermission(22, ['10.0.0.0/33'])).toThrow('invalid CIDR address: 10.0.0.0/33');
  });

  it('base64-encodes user data unless it already is', () => {
    const run = ebsOptions(`${BASE}\nssh_username = "root"\nuser_data = "#!/bin/sh"`).run;
    expect(loadUserData(run)).toBe(Buffer.from('#!/bin/sh').toString('base64'));
    expect(isBase64('aGk=')).toBe(true);
    expect(isBase64('hi there')).toBe(false);
  });

  it('picks the subnet with the most free addresses', () => {
    expect(
      mostFreeSubnet([
        { SubnetId: 'a', AvailableIpAddressCount: 5 },
        { SubnetId: 'b', AvailableIpAddressCount: 50 },
        { SubnetId: 'c', AvailableIpAddressCount: 7 },
      ]).SubnetId,
    ).toBe('b');
  });
});
