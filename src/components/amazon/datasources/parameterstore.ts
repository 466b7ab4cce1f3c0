import { GetParameterCommand } from '@aws-sdk/client-ssm';

import { goQuote } from '../../../text/go-quote';
import { createAwsSession } from '../aws/session';
import { awsErrorName, awsOperationError } from './aws-error';
import type { AmazonParameterStoreRequest, AmazonParameterStoreResult } from './parameterstore-schema';

/**
 * Runs `amazon-parameterstore`: one GetParameter call in the build region. Part of the aws-ec2
 * bundle, with the SDK. The SSM endpoint is the SDK's (AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL).
 */
export async function executeAmazonParameterStore(
  req: AmazonParameterStoreRequest,
  signal: AbortSignal,
): Promise<AmazonParameterStoreResult> {
  const session = createAwsSession(req.access, {});
  try {
    const out = await session
      .ssm()
      .send(new GetParameterCommand({ Name: req.name, WithDecryption: req.withDecryption }), {
        abortSignal: signal,
      });
    const p = out.Parameter;
    return {
      value: p?.Value ?? '',
      version: String(p?.Version ?? 0),
      arn: p?.ARN ?? '',
      type: p?.Type ?? '',
    };
  } catch (e) {
    signal.throwIfAborted();
    const name = awsErrorName(e);
    if (name === 'ParameterNotFound') throw new Error(`The parameter name ${goQuote(req.name)} not found`);
    if (name === 'ParameterVersionNotFound') {
      throw new Error(`The parameter version ${goQuote(req.name)} not found`);
    }
    throw new Error(`error to get parameter value: ${awsOperationError('SSM', 'GetParameter', e)}`);
  } finally {
    session.destroy();
  }
}
