import { readFileSync } from 'fs';
import { Agent } from 'https';
import { homedir } from 'os';
import { join } from 'path';
import {
  createCredentialChain,
  fromContainerMetadata,
  fromEnv,
  fromHttp,
  fromIni,
  fromNodeProviderChain,
  fromProcess,
  fromTemporaryCredentials,
  fromTokenFile,
} from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';

import type { AccessOptions } from '../options/access';

/**
 * Where a session's credentials come from, in Packer's order (common/access_config.go, through
 * aws-sdk-go-base): the static keys of the configuration; else the `profile` (or the
 * `shared_credentials_file`); else the SDK's default chain (environment, shared files, web identity
 * as OIDC in GitHub Actions sets it up, container and instance metadata). `assume_role` is then
 * assumed with those. Every client of a session shares one memoized provider, so a role is
 * assumed once per credentials lifetime, not once per client.
 */

/** What every client of a session is configured with besides its region and credentials. */
export interface ClientBase {
  readonly maxAttempts: number;
  readonly retryMode: 'adaptive';
  /** insecure_skip_tls_verify: an https agent that accepts any certificate. */
  readonly requestHandler?: { readonly httpsAgent: Agent };
}

export function clientBase(access: AccessOptions): ClientBase {
  return {
    // Packer gives max_retries to the SDK as its maximum number of attempts.
    maxAttempts: Math.max(1, access.maxRetries),
    // Throttled calls (RequestLimitExceeded) slow the client down instead of exhausting attempts.
    retryMode: 'adaptive',
    ...(access.insecureSkipTlsVerify
      ? { requestHandler: { httpsAgent: new Agent({ rejectUnauthorized: false, keepAlive: true }) } }
      : {}),
  };
}

const EXPIRY_MARGIN_MS = 5 * 60_000;

/** Resolves once and reuses the credentials until they are about to expire (a failure is not kept). */
function memoize(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const cached = current;
    if (cached !== undefined) {
      const value = await cached.catch(() => undefined);
      const fresh =
        value?.expiration === undefined || value.expiration.getTime() - Date.now() > EXPIRY_MARGIN_MS;
      if (value !== undefined && fresh) return value;
      if (current === cached) current = undefined;
    }
    current ??= provider();
    return current;
  };
}

/** What the SDK's providers are made with: the MFA code, and the session's settings for their STS client. */
interface ProviderInit {
  readonly mfaCodeProvider?: (serial: string) => Promise<string>;
  readonly clientConfig: ClientBase & { readonly region?: string };
}

/** The default chain without the instance metadata service (skip_metadata_api_check). */
function chainWithoutInstanceMetadata(
  init: ProviderInit,
  env: NodeJS.ProcessEnv,
): AwsCredentialIdentityProvider {
  const links: AwsCredentialIdentityProvider[] = [];
  // As the SDK's chain: a profile named in the environment wins over keys in the environment.
  if (!env.AWS_PROFILE) links.push(fromEnv());
  links.push(fromIni(init), fromProcess(), fromTokenFile(init));
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) {
    links.push(fromHttp({}), fromContainerMetadata());
  }
  return createCredentialChain(...links);
}

function baseProvider(
  access: AccessOptions,
  base: ClientBase,
  region: string,
  env: NodeJS.ProcessEnv,
): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  if (access.accessKey !== '' && access.secretKey !== '') {
    return {
      accessKeyId: access.accessKey,
      secretAccessKey: access.secretKey,
      ...(access.token !== '' ? { sessionToken: access.token } : {}),
    };
  }
  const mfaCode = access.mfaCode ?? '';
  const init: ProviderInit = {
    ...(mfaCode !== '' ? { mfaCodeProvider: () => Promise.resolve(mfaCode) } : {}),
    clientConfig: { ...base, ...(region !== '' ? { region } : {}) },
  };
  if (access.profile !== '' || (access.sharedCredentialsFile ?? '') !== '') {
    return fromIni({
      ...init,
      ...(access.profile !== '' ? { profile: access.profile } : {}),
      ...(access.sharedCredentialsFile ? { filepath: access.sharedCredentialsFile } : {}),
    });
  }
  if (access.skipMetadataApiCheck) return chainWithoutInstanceMetadata(init, env);
  return fromNodeProviderChain(init);
}

/** The message of a run with `vault_aws_engine`, which Kiln does not implement. */
export const VAULT_NOT_SUPPORTED =
  'vault_aws_engine is not supported by Kiln: get the credentials from Vault before the build ' +
  '(for example with hashicorp/vault-action) and pass them in the environment or as access_key, ' +
  'secret_key and token.';

/** The credentials every client of a session signs with. */
export function credentialProvider(
  access: AccessOptions,
  base: ClientBase,
  region: string,
  env: NodeJS.ProcessEnv = process.env,
): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  if (access.vaultAwsEngine) return () => Promise.reject(new Error(VAULT_NOT_SUPPORTED));
  const source = baseProvider(access, base, region, env);
  const role = access.assumeRole;
  if (role === undefined) return typeof source === 'function' ? memoize(source) : source;
  const tags = Object.entries(role.tags);
  return memoize(
    fromTemporaryCredentials({
      masterCredentials: source,
      params: {
        RoleArn: role.roleArn,
        ...(role.sessionName !== '' ? { RoleSessionName: role.sessionName } : {}),
        ...(role.durationSeconds !== undefined ? { DurationSeconds: role.durationSeconds } : {}),
        ...(role.externalId !== '' ? { ExternalId: role.externalId } : {}),
        ...(role.policy !== '' ? { Policy: role.policy } : {}),
        ...(role.policyArns.length > 0 ? { PolicyArns: role.policyArns.map((arn) => ({ arn })) } : {}),
        ...(tags.length > 0 ? { Tags: tags.map(([Key, Value]) => ({ Key, Value })) } : {}),
        ...(role.transitiveTagKeys.length > 0 ? { TransitiveTagKeys: [...role.transitiveTagKeys] } : {}),
      },
      // The STS endpoint comes from the SDK's own AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL.
      clientConfig: { ...base, ...(region !== '' ? { region } : {}) },
    }),
  );
}

/**
 * The region of the profile in the shared config file (AWS_CONFIG_FILE, else ~/.aws/config), the
 * last place the SDKs look when neither `region` nor AWS_REGION / AWS_DEFAULT_REGION says; '' when
 * it does not say either. Read synchronously: a session knows its region from the start.
 */
export function profileRegion(profile: string, env: NodeJS.ProcessEnv = process.env): string {
  const name = profile !== '' ? profile : env.AWS_PROFILE || 'default';
  const file = env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return '';
  }
  const wanted = new Set(name === 'default' ? ['default', 'profile default'] : [`profile ${name}`]);
  let inProfile = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s[#;].*$/, '').trim();
    const section = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (section) {
      inProfile = wanted.has(section[1].replace(/\s+/g, ' '));
      continue;
    }
    const entry = /^region\s*=\s*(\S+)$/.exec(line);
    if (inProfile && entry) return entry[1];
  }
  return '';
}
