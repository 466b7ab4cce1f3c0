import { Readable } from 'node:stream';

import { docker, dockerOk } from '../../communicators/docker/cli';
import { errorMessage } from '../../engine/abort';
import type { BuildUI } from '../../engine/types';
import { loadLazyBundle } from '../../lazy-bundles';
import type { ConfigView } from '../../schema/types';
import type { DOCKER_PUSH_FIELDS } from './post-processor-schemas';

/**
 * The login options, as docker-push declares them. The docker builder declares the same names and
 * types (with its own docs) and passes its view untyped for now; once it is typed, it wants a view
 * of just these options (or their values) rather than docker-push's.
 */
type LoginView = ConfigView<typeof DOCKER_PUSH_FIELDS>;
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
  view: LoginView,
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
  const { fetchEcrToken } = loadLazyBundle<typeof EcrToken>('aws-ecr');
  return decodeAuthorizationToken(await fetchEcrToken(request, signal));
}

/**
 * The plugin's `login` / `ecr_login` around a pull, a Dockerfile build or a push: ECR credentials
 * when asked for (the password masked), `docker login`, and what logs out again afterwards (a
 * failed logout is reported, not thrown). Nothing happens, and nothing is returned to undo, without
 * either option. `loginError` is the caller's prefix for a failed login (the plugin words it
 * differently for the builder and for docker-push).
 */
export async function registryLogin(
  view: LoginView,
  ui: BuildUI,
  signal: AbortSignal,
  opts: { readonly loginError: string; readonly executable?: string },
): Promise<() => Promise<void>> {
  const ecr = view.bool('ecr_login') === true;
  if (!ecr && view.bool('login') !== true) return async () => undefined;
  const server = view.string('login_server') ?? '';
  const executable = opts.executable ?? 'docker';
  let username = view.string('login_username') ?? '';
  let password = view.string('login_password') ?? '';
  if (ecr) {
    ui.message('Fetching ECR credentials...');
    ({ username, password } = await ecrCredentials(view, server, signal).catch((e: unknown) => {
      throw new Error(`Error fetching ECR credentials: ${errorMessage(e)}`);
    }));
  }
  ui.addSecret(password);
  ui.message('Logging in...');
  await dockerLogin({ server, username, password, executable, signal }).catch((e: unknown) => {
    throw new Error(`${opts.loginError}: ${errorMessage(e)}`);
  });
  return async () => {
    ui.message('Logging out...');
    const r = await docker(['logout', ...(server ? [server] : [])], {
      signal: new AbortController().signal,
      executable,
    });
    if (r.code !== 0) ui.error(`Error logging out: ${r.stderr.trim()}`);
  };
}
