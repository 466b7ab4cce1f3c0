/**
 * aws_secretsmanager's request for the remote worker process: one GetSecretValue call through the
 * AWS SDK v3, used as designed: default credential chain, standard retry mode, explicit timeouts.
 * The SDK is imported when a request arrives, so neither the CLI nor the worker's other request
 * kinds pay for loading it.
 */
import type { AwsSecretRequest, AwsSecretValue, RemoteReply } from './remote-protocol';
import { connectionFailure } from './remote-http';

/** Few attempts: a secret lookup that cannot reach its endpoint should fail in seconds. */
const MAX_ATTEMPTS = 2;

function describeFailure(e: unknown, url: string): string {
  const err = (e ?? {}) as {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number; requestId?: string };
  };
  // No answer from the service: say which connection failed, as aws-sdk-go does.
  const connection = connectionFailure(e);
  if (connection !== undefined) return `request send failed, Post "${url}": ${connection}`;
  const status = err.$metadata?.httpStatusCode;
  // An answer that is not a Secrets Manager error document (a proxy, a wrong endpoint).
  if (err.name === 'Unknown' && status !== undefined)
    return `https response error StatusCode: ${status}, RequestID: ${err.$metadata?.requestId ?? ''}`;
  const name = err.name && err.name !== 'Error' ? `${err.name}: ` : '';
  return `${name}${err.message ?? String(e)}`;
}

function endpointUrl(req: AwsSecretRequest): string {
  const url = req.endpoint ?? `https://secretsmanager.${req.region ?? 'us-east-1'}.amazonaws.com`;
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

export async function getSecretValue(req: AwsSecretRequest, timeoutMs: number): Promise<RemoteReply> {
  const sdk = await import('@aws-sdk/client-secrets-manager');
  const client = new sdk.SecretsManagerClient({
    region: req.region,
    endpoint: req.endpoint,
    retryMode: 'standard',
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs },
  });
  try {
    const out = await client.send(
      new sdk.GetSecretValueCommand({ SecretId: req.name, VersionStage: 'AWSCURRENT' }),
      // One deadline for all attempts together, so retries cannot stretch the wait.
      { abortSignal: AbortSignal.timeout(timeoutMs) },
    );
    const value: AwsSecretValue = { name: out.Name, secretString: out.SecretString };
    return { ok: true, value };
  } catch (e) {
    return {
      ok: false,
      error: `operation error Secrets Manager: GetSecretValue, ${describeFailure(e, endpointUrl(req))}`,
    };
  } finally {
    client.destroy();
  }
}
