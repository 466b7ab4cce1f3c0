import { GetSecretValueCommand, type GetSecretValueCommandInput } from '@aws-sdk/client-secrets-manager';

import { goQuote } from '../../../text/go-quote';
import { createAwsSession } from '../aws/session';
import { awsErrorName, awsOperationError } from './aws-error';
import { secretValue } from './secret-value';
import type { AmazonSecretsManagerRequest, AmazonSecretsManagerResult } from './secretsmanager-schema';

/**
 * Runs `amazon-secretsmanager`: one GetSecretValue call (by version ID, else by stage) in the build
 * region. Part of the aws-ec2 bundle, with the SDK. The endpoint is the SDK's
 * (AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL).
 */
export async function executeAmazonSecretsManager(
  req: AmazonSecretsManagerRequest,
  signal: AbortSignal,
): Promise<AmazonSecretsManagerResult> {
  const input: GetSecretValueCommandInput =
    req.versionId !== ''
      ? { SecretId: req.name, VersionId: req.versionId }
      : { SecretId: req.name, VersionStage: req.versionStage };
  const version = req.versionId !== '' ? req.versionId : req.versionStage;
  const session = createAwsSession(req.access, {});
  let secretString: string;
  let secretBinary: Uint8Array | undefined;
  let versionId: string;
  try {
    const out = await session
      .secretsManager()
      .send(new GetSecretValueCommand(input), { abortSignal: signal });
    secretString = out.SecretString ?? '';
    secretBinary = out.SecretBinary;
    versionId = out.VersionId ?? '';
  } catch (e) {
    signal.throwIfAborted();
    const name = awsErrorName(e);
    const message = e instanceof Error ? e.message : '';
    if (
      name === 'ResourceNotFoundException' ||
      (name === 'InvalidRequestException' && message.includes('because it was deleted'))
    ) {
      throw new Error(`Secrets Manager Secret ${goQuote(req.name)} Version ${goQuote(version)} not found`);
    }
    throw new Error(
      `error reading Secrets Manager Secret Version: ${awsOperationError('Secrets Manager', 'GetSecretValue', e)}`,
    );
  } finally {
    session.destroy();
  }
  return {
    value: secretValue(secretString, req.key),
    secretString,
    // Go's string(bytes): invalid UTF-8 is kept as bytes there; here it decodes to U+FFFD.
    secretBinary: secretBinary === undefined ? '' : Buffer.from(secretBinary).toString('utf8'),
    versionId,
  };
}
