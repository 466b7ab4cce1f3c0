import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsSession } from '../../../../src/components/amazon/aws/session';
import { AccessError, validateAccess } from '../../../../src/components/amazon/aws/validate';
import type { AccessOptions } from '../../../../src/components/amazon/options/access';

/** validateAccess's order and messages, against a session whose clients are stubs. */

const ACCESS: AccessOptions = {
  region: 'eu-west-1',
  accessKey: 'AKID',
  secretKey: 's',
  token: '',
  profile: '',
  customEndpointEc2: '',
  maxRetries: 10,
};

function fakeSession(region: string, available: string[], sts: () => Promise<unknown>) {
  const sent: string[] = [];
  const send = (command: object): Promise<unknown> => {
    if (command instanceof GetCallerIdentityCommand) {
      sent.push('GetCallerIdentity');
      return sts();
    }
    if (command instanceof DescribeRegionsCommand) {
      sent.push('DescribeRegions');
      return Promise.resolve({ Regions: available.map((RegionName) => ({ RegionName })) });
    }
    return Promise.reject(new Error('unexpected command'));
  };
  const session = { region, sts: () => ({ send }), ec2: () => ({ send }) } as unknown as AwsSession;
  return { session, sent };
}

const identity = () =>
  Promise.resolve({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/kiln' });
const signal = new AbortController().signal;

describe('validateAccess', () => {
  test('credentials first, then the AMI regions and the build region', async () => {
    const { session, sent } = fakeSession('eu-west-1', ['eu-west-1', 'eu-west-2'], identity);
    await expect(validateAccess(session, ACCESS, signal, { regions: ['eu-west-2', ''] })).resolves.toEqual({
      account: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/kiln',
    });
    expect(sent).toEqual(['GetCallerIdentity', 'DescribeRegions']);
  });

  test('an unknown build region is named with the regions there are', async () => {
    const { session } = fakeSession('eu-nowhere-1', ['eu-west-1', 'eu-west-2'], identity);
    const failing = validateAccess(session, ACCESS, signal, { regions: ['us-nowhere-9'] });
    await expect(failing).rejects.toThrow(AccessError);
    await expect(failing).rejects.toThrow(
      'error validating regions: Invalid region(s): [us-nowhere-9 eu-nowhere-1], available regions: [eu-west-1 eu-west-2]',
    );
  });

  test('skip_credential_validation and skip_region_validation skip their calls', async () => {
    const { session, sent } = fakeSession('eu-nowhere-1', [], identity);
    await expect(
      validateAccess(session, { ...ACCESS, skipCredentialValidation: true }, signal, { skip: true }),
    ).resolves.toBeUndefined();
    expect(sent).toEqual([]);
  });

  test('an STS error is reported as aws-sdk-go-base reports it', async () => {
    const refused = Object.assign(new Error('The security token included in the request is invalid.'), {
      name: 'InvalidClientTokenId',
      $metadata: { httpStatusCode: 403, requestId: 'r-1' },
    });
    const { session, sent } = fakeSession('eu-west-1', ['eu-west-1'], () => Promise.reject(refused));
    await expect(validateAccess(session, ACCESS, signal)).rejects.toThrow(
      'validating provider credentials: retrieving caller identity from STS: InvalidClientTokenId: ' +
        'The security token included in the request is invalid. (status code: 403, request id: r-1)',
    );
    expect(sent).toEqual(['GetCallerIdentity']);
  });
});
