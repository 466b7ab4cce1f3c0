import { join } from 'path';
import { writeFileSync } from 'fs';
import {
  VAULT_NOT_SUPPORTED,
  clientBase,
  credentialProvider,
  profileRegion,
} from '../../../../src/components/amazon/aws/credentials';
import type { AccessOptions } from '../../../../src/components/amazon/options/access';
import { tempDir } from '../../../support/temp';

/** Which credentials a session signs with (no network: the sources here are files and the environment). */

const ACCESS: AccessOptions = {
  region: 'eu-west-1',
  accessKey: '',
  secretKey: '',
  token: '',
  profile: '',
  customEndpointEc2: '',
  maxRetries: 10,
};

async function resolve(access: AccessOptions, env: NodeJS.ProcessEnv = {}) {
  const provider = credentialProvider(access, clientBase(access), access.region, env);
  return typeof provider === 'function' ? provider() : provider;
}

describe('credentialProvider', () => {
  test('static keys, with the token when there is one', async () => {
    expect(await resolve({ ...ACCESS, accessKey: 'AKID', secretKey: 'S' })).toEqual({
      accessKeyId: 'AKID',
      secretAccessKey: 'S',
    });
    expect(await resolve({ ...ACCESS, accessKey: 'AKID', secretKey: 'S', token: 'T' })).toEqual({
      accessKeyId: 'AKID',
      secretAccessKey: 'S',
      sessionToken: 'T',
    });
  });

  test('a profile of a shared credentials file', async () => {
    const dir = tempDir('kiln-awsaccess-');
    const file = join(dir, 'credentials');
    writeFileSync(
      file,
      '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = d\n\n' +
        '[kiln-build]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = p\naws_session_token = t\n',
    );
    expect(await resolve({ ...ACCESS, profile: 'kiln-build', sharedCredentialsFile: file })).toMatchObject({
      accessKeyId: 'AKIDPROFILE',
      secretAccessKey: 'p',
      sessionToken: 't',
    });
    // The file without a profile: its default profile (AWS_PROFILE unset in this test's process).
    const saved = process.env.AWS_PROFILE;
    delete process.env.AWS_PROFILE;
    try {
      expect(await resolve({ ...ACCESS, sharedCredentialsFile: file })).toMatchObject({
        accessKeyId: 'AKIDDEFAULT',
      });
    } finally {
      if (saved !== undefined) process.env.AWS_PROFILE = saved;
    }
  });

  test('a missing profile is a credentials error', async () => {
    const dir = tempDir('kiln-awsaccess-');
    const file = join(dir, 'credentials');
    writeFileSync(file, '[other]\naws_access_key_id = A\naws_secret_access_key = s\n');
    await expect(
      resolve({ ...ACCESS, profile: 'absent', sharedCredentialsFile: file }),
    ).rejects.toMatchObject({
      name: 'CredentialsProviderError',
    });
  });

  test('vault_aws_engine fails with a clear message when credentials are needed', async () => {
    await expect(resolve({ ...ACCESS, vaultAwsEngine: true })).rejects.toThrow(VAULT_NOT_SUPPORTED);
  });
});

describe('clientBase', () => {
  test("max_retries is the SDK's maximum attempts, adaptive retries; TLS checks off on request", () => {
    expect(clientBase({ ...ACCESS, maxRetries: 10 })).toEqual({ maxAttempts: 10, retryMode: 'adaptive' });
    expect(clientBase({ ...ACCESS, maxRetries: -1 }).maxAttempts).toBe(1);
    const insecure = clientBase({ ...ACCESS, insecureSkipTlsVerify: true });
    expect(insecure.requestHandler?.httpsAgent.options.rejectUnauthorized).toBe(false);
  });
});

describe('profileRegion', () => {
  test("the profile's region in the shared config file", () => {
    const dir = tempDir('kiln-awsaccess-');
    const config = join(dir, 'config');
    writeFileSync(
      config,
      '[default]\nregion = eu-west-1\n\n[profile kiln-build]  ; comment\noutput = json\nregion=eu-west-2 # trailing\n\n[profile none]\noutput = text\n',
    );
    expect(profileRegion('kiln-build', { AWS_CONFIG_FILE: config })).toBe('eu-west-2');
    expect(profileRegion('', { AWS_CONFIG_FILE: config })).toBe('eu-west-1');
    expect(profileRegion('', { AWS_CONFIG_FILE: config, AWS_PROFILE: 'kiln-build' })).toBe('eu-west-2');
    expect(profileRegion('none', { AWS_CONFIG_FILE: config })).toBe('');
    expect(profileRegion('kiln-build', { AWS_CONFIG_FILE: join(dir, 'absent') })).toBe('');
  });
});
