import { EC2ServiceException } from '@aws-sdk/client-ec2';
import type { STSClient } from '@aws-sdk/client-sts';
import {
  awsErrorCode,
  decodeAuthorizationFailure,
  describeAwsError,
} from '../../../../src/components/amazon/aws/errors';

/** SDK errors in Packer's words, and authorization failure messages decoded through STS. */

function ec2Error(name: string, message: string, status = 400): EC2ServiceException {
  return new EC2ServiceException({
    name,
    message,
    $fault: 'client',
    $metadata: { httpStatusCode: status, requestId: 'req-1' },
  });
}

function credentialsProviderError(message: string): Error {
  return Object.assign(new Error(message), { name: 'CredentialsProviderError' });
}

const ENCODED =
  'You are not authorized to perform this operation. Encoded authorization failure message: AbC-123_x';

/** An STS client that only decodes messages (or fails to). */
function fakeSts(decode: (encoded: string) => Promise<string>): { sts: STSClient; asked: string[] } {
  const asked: string[] = [];
  const sts = {
    send: async (command: { input: { EncodedMessage: string } }) => {
      asked.push(command.input.EncodedMessage);
      return { DecodedMessage: await decode(command.input.EncodedMessage) };
    },
  } as unknown as STSClient;
  return { sts, asked };
}

describe('describeAwsError', () => {
  test('service errors: code, message, status and request ID on one line', () => {
    expect(describeAwsError(ec2Error('InvalidAMIID.NotFound', "The image id '[ami-1]' does not exist"))).toBe(
      "InvalidAMIID.NotFound: The image id '[ami-1]' does not exist (status code: 400, request id: req-1)",
    );
    expect(describeAwsError(ec2Error('RequestLimitExceeded', 'Request limit\n exceeded.', 503))).toBe(
      'RequestLimitExceeded: Request limit exceeded. (status code: 503, request id: req-1)',
    );
    expect(awsErrorCode(ec2Error('UnauthorizedOperation', 'no'))).toBe('UnauthorizedOperation');
  });

  test("a credential chain that found nothing is Packer's no valid credential sources", () => {
    expect(describeAwsError(credentialsProviderError('Could not load credentials from any providers'))).toBe(
      'No valid credential sources found for AWS Builder. Please see ' +
        'https://www.packer.io/docs/builders/amazon#authentication for more information on providing ' +
        'credentials for the AWS Builder. Error: Could not load credentials from any providers',
    );
  });

  test('other errors keep their message', () => {
    expect(describeAwsError(new Error('socket hang up'))).toBe('socket hang up');
    expect(describeAwsError('odd')).toBe('odd');
    expect(awsErrorCode(new Error('x'))).toBe('');
  });
});

describe('decodeAuthorizationFailure', () => {
  test('an UnauthorizedOperation message is decoded in place', async () => {
    const { sts, asked } = fakeSts(() => Promise.resolve('{"allowed":false}'));
    const e = ec2Error('UnauthorizedOperation', ENCODED, 403);
    const decoded = await decodeAuthorizationFailure(e, sts);
    expect(asked).toEqual(['AbC-123_x']);
    expect(decoded).toBe(e);
    expect(describeAwsError(decoded)).toBe(
      'UnauthorizedOperation: You are not authorized to perform this operation. Authorization failure message: \'{"allowed":false}\' (status code: 403, request id: req-1)',
    );
  });

  test('what follows the encoded message is kept', async () => {
    const { sts } = fakeSts(() => Promise.resolve('D'));
    const e = ec2Error('UnauthorizedOperation', `${ENCODED} (after)`, 403);
    await decodeAuthorizationFailure(e, sts);
    expect(e.message).toBe(
      "You are not authorized to perform this operation. Authorization failure message: 'D' (after)",
    );
  });

  test('nothing to decode, another code, or decoding failing: the error as it was', async () => {
    const { sts, asked } = fakeSts(() => Promise.reject(new Error('AccessDenied')));
    const other = ec2Error('AuthFailure', ENCODED, 401);
    expect(await decodeAuthorizationFailure(other, sts)).toBe(other);
    const plain = ec2Error('UnauthorizedOperation', 'You are not authorized.', 403);
    expect(await decodeAuthorizationFailure(plain, sts)).toBe(plain);
    expect(asked).toEqual([]);
    const failing = ec2Error('UnauthorizedOperation', ENCODED, 403);
    expect(await decodeAuthorizationFailure(failing, sts)).toBe(failing);
    expect(failing.message).toBe(ENCODED);
    expect(asked).toEqual(['AbC-123_x']);
  });
});
