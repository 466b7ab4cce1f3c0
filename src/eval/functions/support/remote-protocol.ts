/**
 * The messages between the remote functions (remote.ts, in the evaluating process) and the worker
 * process that performs the request (remote-worker-main.ts). A request travels as one JSON document
 * on the worker's stdin and the reply as one JSON line on its stdout, so user values never become
 * code or command-line arguments.
 */

export interface ConsulKeyRequest {
  readonly kind: 'consul';
  /** Agent URL with scheme and no trailing slash, e.g. http://127.0.0.1:8500. */
  readonly base: string;
  readonly key: string;
  readonly token: string;
}

export interface VaultReadRequest {
  readonly kind: 'vault';
  readonly base: string;
  readonly path: string;
  readonly token: string;
  readonly namespace: string;
}

export interface AwsSecretRequest {
  readonly kind: 'aws';
  readonly name: string;
  /** Undefined lets the SDK read the region from the shared config files. */
  readonly region?: string;
  /** Undefined means the service's public endpoint for the region. */
  readonly endpoint?: string;
}

export type RemoteRequestBody = ConsulKeyRequest | VaultReadRequest | AwsSecretRequest;

/** What the worker reads: the body plus the time it may spend on the whole request. */
export type RemoteRequest = RemoteRequestBody & { readonly timeoutMs: number };

/**
 * value by kind: consul → the decoded string, or null when the key does not exist; vault → the
 * parsed response document, or null on 404; aws → AwsSecretValue.
 */
export type RemoteReply =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

export interface AwsSecretValue {
  readonly name?: string;
  readonly secretString?: string;
}
