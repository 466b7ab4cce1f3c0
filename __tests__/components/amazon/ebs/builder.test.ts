import { AMAZON_EBS_SCHEMA } from '../../../../src/components/amazon/ebs-schema';
import { FAST_LAUNCH_UNSUPPORTED, prepareAmazonEbs } from '../../../../src/components/amazon/ebs/builder';
import type { ProvisionHook } from '../../../../src/engine/types';
import { decode } from '../../../support/component-decode';
import { fakeStepContext } from '../../../support/engine-fakes';

/** The step list prepareAmazonEbs hands the engine (the steps themselves are tested against moto). */

const BASE = `
  region        = "us-east-1"
  access_key    = "test"
  secret_key    = "test"
  source_ami    = "ami-12345678"
  instance_type = "t3.micro"
  ssh_username  = "root"
  ami_name      = "kiln-steps"
`;

const provision: ProvisionHook = {
  run: () => Promise.resolve(),
  cleanup: () => Promise.resolve(),
};

function stepNames(hcl: string): string[] {
  const build = prepareAmazonEbs(decode(AMAZON_EBS_SCHEMA, hcl).view);
  try {
    return build.steps(provision).map((s) => s.name);
  } finally {
    build.close();
  }
}

describe('amazon-ebs steps', () => {
  it("are Packer's, in Packer's order", () => {
    expect(stepNames(BASE)).toEqual([
      'validate access',
      'pre-validate',
      'source AMI',
      'network info',
      'key pair',
      'security group',
      'IAM instance profile',
      'cleanup volumes',
      'run source instance',
      'get password',
      'connect',
      'provision',
      'cleanup temp keys',
      'stop instance',
      'modify instance',
      'deregister AMI',
      'create AMI',
      'AMI region copy',
      'enable deprecation',
      'deregistration protection',
      'modify AMI attributes',
      'create tags',
      'artifact',
    ]);
  });

  it('run a spot instance through a launch template when spot_price is set', () => {
    expect(stepNames(`${BASE}\n  spot_price = "auto"`)).toContain('run spot instance');
  });

  it('refuse fast_launch before anything is launched, rather than skip it', async () => {
    const hcl = `${BASE}
  fast_launch {
    enable_fast_launch = true
  }`;
    const build = prepareAmazonEbs(decode(AMAZON_EBS_SCHEMA, hcl).view);
    try {
      const [first] = build.steps(provision);
      expect(first.name).toBe('unsupported options');
      await expect(first.run(fakeStepContext())).rejects.toThrow(FAST_LAUNCH_UNSUPPORTED);
    } finally {
      build.close();
    }
  });
});
