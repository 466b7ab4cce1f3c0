import { errorMessage } from '../../../engine/abort';
import { awsErrorCode } from './errors';

export { awsErrorCode };

/**
 * AWS errors in messages as Packer shows them (aws-sdk-go: `Code: message`), and an answer that is
 * no AWS error at all (an HTML 500 page, which the SDK reports as an XML parse error) named by its
 * HTTP status instead of the parser's complaint.
 */

interface SdkErrorShape {
  readonly message?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

/** `Code: message (HTTP status)` for an SDK error; any other error's message as it is. */
export function awsErrorMessage(e: unknown): string {
  const message = errorMessage(e);
  if (typeof e !== 'object' || e === null) return message;
  const status = (e as SdkErrorShape).$metadata?.httpStatusCode;
  if (typeof status !== 'number') return message;
  const code = awsErrorCode(e);
  if (/Deserialization error|XML parse error/.test(message)) {
    return `the EC2 endpoint answered HTTP ${status} with no AWS error in the body`;
  }
  const coded =
    code !== '' && code !== 'Error' && !message.startsWith(code) ? `${code}: ${message}` : message;
  return status >= 500 ? `${coded} (HTTP ${status})` : coded;
}
