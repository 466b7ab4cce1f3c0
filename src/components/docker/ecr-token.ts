/**
 * Fetching an ECR authorization token with the AWS SDK (default credential chain unless keys are
 * given; AWS_ENDPOINT_URL_ECR and friends honoured by the SDK). Shipped as dist/aws-ecr so that
 * the SDK is loaded only by builds that log in to ECR (see src/lazy-bundles.ts).
 */

export interface EcrTokenRequest {
  readonly kind: 'private' | 'public';
  readonly region: string;
  /** Private ECR: the registry's account ID (may be empty). */
  readonly account?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly profile?: string;
}

/** The base64 `user:password` token. */
export async function fetchEcrToken(request: EcrTokenRequest, signal: AbortSignal): Promise<string> {
  const { region, credentials, profile } = request;
  if (request.kind === 'public') {
    const { ECRPUBLICClient, GetAuthorizationTokenCommand } = await import('@aws-sdk/client-ecr-public');
    const client = new ECRPUBLICClient({ region, credentials, profile });
    try {
      const out = await client.send(new GetAuthorizationTokenCommand({}), { abortSignal: signal });
      const token = out.authorizationData?.authorizationToken;
      if (!token) throw new Error('ECR Public returned no authorization token');
      return token;
    } finally {
      client.destroy();
    }
  }
  const { ECRClient, GetAuthorizationTokenCommand } = await import('@aws-sdk/client-ecr');
  const client = new ECRClient({ region, credentials, profile });
  try {
    const out = await client.send(
      new GetAuthorizationTokenCommand(request.account ? { registryIds: [request.account] } : {}),
      { abortSignal: signal },
    );
    const token = out.authorizationData?.[0]?.authorizationToken;
    if (!token) throw new Error('ECR returned no authorization token');
    return token;
  } finally {
    client.destroy();
  }
}
