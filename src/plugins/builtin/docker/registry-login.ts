import { Readable } from 'node:stream';

import { dockerOk } from '../../../communicators/docker/cli';
import { loadLazyBundle } from '../../../lazy-bundle';
import type { ConfigView } from '../../schema/types';
import type * as EcrToken from './ecr-token';
import type { EcrTokenRequest } from './ecr-token';

/**
 * Registry logins for the docker builder and docker-push: `docker login --password-stdin` (the
 * password never appears in a process listing), and ECR credentials fetched with the AWS SDK as the
 * docker plugin does (private ECR by the region in the registry's host name; ECR Public for
 * `public.ecr.aws/` or `aws_force_use_public_ecr`).
 */

export interface LoginOptions {
  readonly server: string;
  readonly username: string;
  readonly password: string;
  readonly executable?: string;
  readonly signal: AbortSignal;
}

export async function dockerLogin(opts: LoginOptions): Promise<void> {
  const args = ['login'];
  if (opts.username !== '') args.push('-u', opts.username);
  if (opts.password !== '') args.push('--password-stdin');
  if (opts.server !== '') args.push(opts.server);
  await dockerOk(args, {
    signal: opts.signal,
    executable: opts.executable,
    stdin: Readable.from([Buffer.from(opts.password)]),
  });
}

const PRIVATE_ECR = /(?:http:\/\/|https:\/\/|)([0-9]*)\.dkr\.ecr\.(.*)\.amazonaws\.com.*/;
const PUBLIC_ECR_HOST = 'public.ecr.aws/';

export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

/** The registry user and password from an ECR authorization token (`base64(user:password)`). */
export function decodeAuthorizationToken(token: string): RegistryCredentials {
  const text = Buffer.from(token, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) throw new Error('the ECR authorization token is not of the form user:password');
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

export async function ecrCredentials(
  view: ConfigView,
  server: string,
  signal: AbortSignal,
): Promise<RegistryCredentials> {
  const accessKeyId = view.string('aws_access_key') ?? '';
  const secretAccessKey = view.string('aws_secret_key') ?? '';
  const sessionToken = view.string('aws_token') || process.env.AWS_SESSION_TOKEN || undefined;
  const profile = view.string('aws_profile') || undefined;
  const credentials =
    accessKeyId !== '' && secretAccessKey !== ''
      ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }
      : undefined;

  const isPublic = view.bool('aws_force_use_public_ecr') === true || server.includes(PUBLIC_ECR_HOST);
  let request: EcrTokenRequest;
  if (isPublic) {
    request = { kind: 'public', region: 'us-east-1', credentials, profile };
  } else {
    const match = PRIVATE_ECR.exec(server);
    if (!match) {
      throw new Error(
        `${server} is not a valid ECR URL (expected <account>.dkr.ecr.<region>.amazonaws.com or public.ecr.aws/...)`,
      );
    }
    const [, account, region] = match;
    request = { kind: 'private', region, account, credentials, profile };
  }
  // The SDK clients live in a bundle of their own (dist/aws-ecr), loaded only for an ECR login.
  const { fetchEcrToken } = loadLazyBundle<typeof EcrToken>('aws-ecr', 'plugins/builtin/docker/ecr-token');
  return decodeAuthorizationToken(await fetchEcrToken(request, signal));
}
