/**
 * An AWS SDK v3 failure worded as aws-sdk-go-v2 words it, which is what Packer's data sources wrap
 * in their messages: `operation error SSM: GetParameter, https response error StatusCode: 400,
 * RequestID: ..., api error ParameterNotFound: ...`. Read by shape: the error's class comes from the
 * SDK, which only the lazy bundle loads.
 */
export function awsOperationError(service: string, operation: string, e: unknown): string {
  return `operation error ${service}: ${operation}, ${awsFailure(e)}`;
}

interface SdkErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly cause?: { readonly code?: string; readonly message?: string };
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string };
}

function awsFailure(e: unknown): string {
  const err = (typeof e === 'object' && e !== null ? e : {}) as SdkErrorShape;
  const status = err.$metadata?.httpStatusCode;
  if (status === undefined) {
    // No answer: a connection that failed, or credentials the SDK could not find.
    const code = err.cause?.code ?? err.code;
    const detail = code === 'ECONNREFUSED' ? 'connect: connection refused' : (err.message ?? String(e));
    return err.name === 'CredentialsProviderError'
      ? `failed to retrieve credentials, ${detail}`
      : `request send failed, ${detail}`;
  }
  const head = `https response error StatusCode: ${status}, RequestID: ${err.$metadata?.requestId ?? ''}`;
  // 'Unknown': the answer was no AWS error document (a proxy, a wrong endpoint).
  if (err.name === undefined || err.name === 'Unknown' || err.name === 'Error') return head;
  return `${head}, api error ${err.name}: ${err.message ?? ''}`;
}

/** The error's AWS code (its class name in the SDK), for the checks that single out one. */
export function awsErrorName(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null ? (e as SdkErrorShape).name : undefined;
}
