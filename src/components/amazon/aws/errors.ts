import { DecodeAuthorizationMessageCommand, type STSClient } from '@aws-sdk/client-sts';
import type { InitializeHandlerOptions, InitializeMiddleware, MiddlewareStack } from '@aws-sdk/types';

/**
 * AWS errors as Packer reports them: one line, `<Code>: <message>` with the HTTP status and request
 * ID when the service answered; a credential chain that found nothing as Packer's "No valid
 * credential sources found"; and, with `decode_authorization_messages`, the encoded authorization
 * failure message of an UnauthorizedOperation decoded through STS (common/errors.go).
 */

/** What SDK service errors carry (their class differs per client, so they are read by shape). */
interface ServiceErrorShape {
  readonly name: string;
  readonly message: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string };
}

function isServiceError(e: unknown): e is ServiceErrorShape {
  return (
    e instanceof Error &&
    typeof (e as { $metadata?: unknown }).$metadata === 'object' &&
    (e as { $metadata?: unknown }).$metadata !== null
  );
}

/** The error code of an SDK error (`InvalidAMIID.NotFound`...): its Code, else its name; '' for what has neither. */
export function awsErrorCode(e: unknown): string {
  if (typeof e !== 'object' || e === null) return '';
  const { Code: code, name } = e as { Code?: unknown; name?: unknown };
  if (typeof code === 'string' && code !== '') return code;
  // A plain Error (or a subclass that keeps the name) carries no code.
  return typeof name === 'string' && name !== 'Error' ? name : '';
}

/** The credential chain found nothing (the SDK's CredentialsProviderError). */
export function isNoCredentialsError(e: unknown): boolean {
  return e instanceof Error && e.name === 'CredentialsProviderError';
}

/** Packer's NewNoValidCredentialSourcesError, around the chain's own reason. */
export function noValidCredentialSourcesMessage(reason: string): string {
  return (
    'No valid credential sources found for AWS Builder. Please see ' +
    'https://www.packer.io/docs/builders/amazon#authentication for more information on providing ' +
    `credentials for the AWS Builder. Error: ${reason}`
  );
}

/** One line for the UI: `InvalidAMIID.NotFound: The image id '[ami-1]' does not exist (status code: 400, request id: …)`. */
export function describeAwsError(e: unknown): string {
  if (isNoCredentialsError(e)) return noValidCredentialSourcesMessage((e as Error).message);
  if (isServiceError(e)) {
    const code = awsErrorCode(e);
    const message = e.message.replace(/\s*\n\s*/g, ' ').trim();
    const text = message === '' || message === code ? code : `${code}: ${message}`;
    const status = e.$metadata?.httpStatusCode;
    const requestId = e.$metadata?.requestId;
    const details = [
      ...(status !== undefined ? [`status code: ${status}`] : []),
      ...(requestId ? [`request id: ${requestId}`] : []),
    ];
    return details.length === 0 ? text : `${text} (${details.join(', ')})`;
  }
  if (e instanceof Error) return e.message;
  return String(e);
}

const ENCODED_FAILURE = /^(.*) Encoded authorization failure message: ([\w-]+) ?( .*)?$/is;

/**
 * The error with its encoded authorization failure message decoded (STS DecodeAuthorizationMessage),
 * as Packer rewrites it: `<before> Authorization failure message: '<decoded>'<after>`. The same
 * error when there is nothing to decode or decoding fails (it needs sts:DecodeAuthorizationMessage).
 */
export async function decodeAuthorizationFailure(
  e: unknown,
  sts: STSClient,
  signal?: AbortSignal,
): Promise<unknown> {
  if (!isServiceError(e) || awsErrorCode(e) !== 'UnauthorizedOperation') return e;
  const groups = ENCODED_FAILURE.exec(e.message);
  if (groups === null) return e;
  try {
    const decoded = await sts.send(
      new DecodeAuthorizationMessageCommand({ EncodedMessage: groups[2] }),
      signal ? { abortSignal: signal } : {},
    );
    // The service error object is kept (its name, code and metadata); only its message changes.
    (e as { message: string }).message =
      `${groups[1]} Authorization failure message: '${decoded.DecodedMessage ?? ''}'${groups[3] ?? ''}`;
  } catch {
    // Decoding is a convenience: the encoded message is still the error's.
  }
  return e;
}

const DECODE_MIDDLEWARE: InitializeHandlerOptions & { name: string } = {
  step: 'initialize',
  name: 'kilnDecodeAuthorizationMessages',
};

/** Makes every failed call of a client decode its authorization failure message (Packer's DecodeAuthZMessages). */
export function decodeAuthorizationMessagesOn<I extends object, O extends object>(
  client: { readonly middlewareStack: MiddlewareStack<I, O> },
  sts: () => STSClient,
): void {
  const middleware: InitializeMiddleware<I, O> = (next) => async (args) => {
    try {
      return await next(args);
    } catch (e) {
      throw await decodeAuthorizationFailure(e, sts());
    }
  };
  client.middlewareStack.add(middleware, DECODE_MIDDLEWARE);
}
