import { Readable } from 'node:stream';

import { docker, dockerOk } from '../../communicators/docker/cli';
import { errorMessage } from '../../engine/abort';
import type { BuildUI } from '../../engine/types';
import { loadLazyBundle } from '../../lazy-bundles';
import type { ConfigView } from '../../schema/types';
import type * as EcrToken from './ecr-token';
import type { EcrTokenRequest } from './ecr-token';
import type { RegistryLoginFields } from './login-fields';

/**
 * The login options (login-fields.ts), which the docker builder and docker-push both declare: each
 * narrows its view with `sharedView<RegistryLoginFields>()`.
 */
type LoginView = ConfigView<RegistryLoginFields>;

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

/** The `aws_*` options an ECR login authenticates with. */
export interface EcrCredentialsConfig {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly token: string;
  readonly profile: string;
  /** `aws_force_use_public_ecr`. */
  readonly forcePublic: boolean;
}

export function readEcrCredentialsConfig(view: LoginView): EcrCredentialsConfig {
  return {
    accessKey: view.string('aws_access_key') ?? '',
    secretKey: view.string('aws_secret_key') ?? '',
    token: view.string('aws_token') ?? '',
    profile: view.string('aws_profile') ?? '',
    forcePublic: view.bool('aws_force_use_public_ecr') === true,
  };
}

export function ecrCredentials(
  view: LoginView,
  server: string,
  signal: AbortSignal,
): Promise<RegistryCredentials> {
  return ecrCredentialsFor(readEcrCredentialsConfig(view), server, signal);
}

export async function ecrCredentialsFor(
  config: EcrCredentialsConfig,
  server: string,
  signal: AbortSignal,
): Promise<RegistryCredentials> {
  const accessKeyId = config.accessKey;
  const secretAccessKey = config.secretKey;
  const sessionToken = config.token || process.env.AWS_SESSION_TOKEN || undefined;
  const profile = config.profile || undefined;
  const credentials =
    accessKeyId !== '' && secretAccessKey !== ''
      ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }
      : undefined;

  const isPublic = config.forcePublic || server.includes(PUBLIC_ECR_HOST);
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

/** The builder's and docker-push's `login` / `ecr_login` options. */
export interface RegistryLoginConfig {
  readonly login: boolean;
  readonly ecrLogin: boolean;
  readonly server: string;
  readonly username: string;
  readonly password: string;
  readonly ecr: EcrCredentialsConfig;
}

export function readRegistryLogin(view: LoginView): RegistryLoginConfig {
  return {
    login: view.bool('login') === true,
    ecrLogin: view.bool('ecr_login') === true,
    server: view.string('login_server') ?? '',
    username: view.string('login_username') ?? '',
    password: view.string('login_password') ?? '',
    ecr: readEcrCredentialsConfig(view),
  };
}

/** What logs in and out (the docker builder's driver; the docker CLI otherwise). */
export interface RegistryClient {
  login(server: string, username: string, password: string, signal: AbortSignal): Promise<void>;
  /** Resolves with the refusal instead of throwing: a failed logout is reported, not fatal. */
  logout(server: string): Promise<{ readonly code: number; readonly stderr: string }>;
}

function cliRegistryClient(executable: string): RegistryClient {
  return {
    login: (server, username, password, signal) =>
      dockerLogin({ server, username, password, executable, signal }),
    logout: (server) =>
      docker(['logout', ...(server ? [server] : [])], { signal: new AbortController().signal, executable }),
  };
}

/**
 * The plugin's `login` / `ecr_login` around a pull, a Dockerfile build or a push: ECR credentials
 * when asked for (the password masked), `docker login`, and what logs out again afterwards (a
 * failed logout is reported, not thrown). Nothing happens, and nothing is returned to undo, without
 * either option. `loginError` is the caller's prefix for a failed login (the plugin words it
 * differently for the builder and for docker-push).
 */
export function registryLogin(
  view: LoginView,
  ui: BuildUI,
  signal: AbortSignal,
  opts: { readonly loginError: string; readonly executable?: string },
): Promise<() => Promise<void>> {
  return loginToRegistry(readRegistryLogin(view), ui, signal, {
    loginError: opts.loginError,
    client: cliRegistryClient(opts.executable ?? 'docker'),
  });
}

/** registryLogin with the options already read, through any client. */
export async function loginToRegistry(
  config: RegistryLoginConfig,
  ui: BuildUI,
  signal: AbortSignal,
  opts: { readonly loginError: string; readonly client: RegistryClient },
): Promise<() => Promise<void>> {
  if (!config.ecrLogin && !config.login) return async () => undefined;
  const server = config.server;
  let username = config.username;
  let password = config.password;
  if (config.ecrLogin) {
    ui.message('Fetching ECR credentials...');
    ({ username, password } = await ecrCredentialsFor(config.ecr, server, signal).catch((e: unknown) => {
      throw new Error(`Error fetching ECR credentials: ${errorMessage(e)}`);
    }));
  }
  ui.addSecret(password);
  ui.message('Logging in...');
  await opts.client.login(server, username, password, signal).catch((e: unknown) => {
    throw new Error(`${opts.loginError}: ${errorMessage(e)}`);
  });
  return async () => {
    ui.message('Logging out...');
    const r = await opts.client.logout(server);
    if (r.code !== 0) ui.error(`Error logging out: ${r.stderr.trim()}`);
  };
}
