import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { join } from 'path';
import { writeFileSync } from 'fs';
import {
  CreateKeyPairCommand,
  DeleteKeyPairCommand,
  DescribeImagesCommand,
  DescribeKeyPairsCommand,
  DescribeRegionsCommand,
} from '@aws-sdk/client-ec2';
import { describeAwsError } from '../../../../src/components/amazon/aws/errors';
import { type AwsSession, createAwsSession } from '../../../../src/components/amazon/aws/session';
import { validateAccess } from '../../../../src/components/amazon/aws/validate';
import type { AccessOptions } from '../../../../src/components/amazon/options/access';
import {
  type AwsProxy,
  describeWithAwsEmulator,
  ec2Client,
  startAwsProxy,
} from '../../../support/aws-emulator';
import { tempDir } from '../../../support/temp';

/**
 * The access layer against moto (shared: only eu-west-1 and eu-west-2, unique names, everything
 * created is deleted) and, for faults and call counts, a proxy of our own in front of it.
 */

jest.setTimeout(120_000);

const MOTO = process.env.KILN_MOTO_ENDPOINT ?? '';
const RUN = `kiln-awsaccess-${process.pid}-${Date.now().toString(36)}`;

const STATIC: AccessOptions = {
  region: 'eu-west-1',
  accessKey: 'AKIDKILNAWSACCESS',
  secretKey: 'secret',
  token: '',
  profile: '',
  customEndpointEc2: MOTO,
  maxRetries: 10,
};

/** Runs `fn` with these variables set (undefined: unset), then puts the environment back. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

const sessions: AwsSession[] = [];
function session(access: AccessOptions, env: NodeJS.ProcessEnv = process.env): AwsSession {
  const s = createAwsSession(access, {}, env);
  sessions.push(s);
  return s;
}
afterAll(() => {
  for (const s of sessions) s.destroy();
});

const signal = new AbortController().signal;

/** No credentials anywhere: no keys, no profile, no files, no web identity, no container. */
const NO_CREDENTIALS_ENV = (dir: string): Record<string, string | undefined> => ({
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
  AWS_ROLE_ARN: undefined,
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
  AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
  AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
  AWS_CONFIG_FILE: join(dir, 'no-config'),
});

describeWithAwsEmulator('amazon AWS access layer against moto', () => {
  let proxy: AwsProxy;
  beforeAll(async () => {
    proxy = await startAwsProxy();
  });
  afterAll(async () => {
    await proxy.stop();
  });
  afterEach(async () => {
    await proxy.setFaults({});
  });

  test('static credentials and custom_endpoint_ec2 reach moto in both regions, each its own', async () => {
    const s = session(STATIC);
    const name = `${RUN}-key`;
    await s.ec2('eu-west-2').send(new CreateKeyPairCommand({ KeyName: name }));
    try {
      const namesIn = async (region: string): Promise<string[]> => {
        const r = await s.ec2(region).send(new DescribeKeyPairsCommand({}));
        return (r.KeyPairs ?? []).map((k) => k.KeyName ?? '');
      };
      expect(await namesIn('eu-west-2')).toContain(name);
      expect(await namesIn('eu-west-1')).not.toContain(name);
      // Seen by a client of its own in that region: the key really is in moto's eu-west-2.
      const plain = ec2Client(MOTO, { region: 'eu-west-2' });
      const seen = await plain.send(new DescribeKeyPairsCommand({ KeyNames: [name] }));
      plain.destroy();
      expect(seen.KeyPairs?.[0]?.KeyName).toBe(name);
      expect(s.ec2('eu-west-2')).toBe(s.ec2('eu-west-2'));
      expect(s.ec2()).toBe(s.ec2('eu-west-1'));
    } finally {
      await s.ec2('eu-west-2').send(new DeleteKeyPairCommand({ KeyName: name }));
    }
  });

  test('custom_endpoint_ec2 is used for a region other than the build region', async () => {
    const s = session({ ...STATIC, customEndpointEc2: proxy.endpoint });
    await proxy.resetCalls();
    await s.ec2('eu-west-2').send(new DescribeRegionsCommand({}));
    await s.ec2('eu-west-1').send(new DescribeRegionsCommand({}));
    expect((await proxy.calls()).calls.DescribeRegions).toBe(2);
  });

  test('adaptive retries carry 30% throttling through; one attempt does not', async () => {
    const s = session({ ...STATIC, customEndpointEc2: proxy.endpoint });
    await proxy.setFaults({ throttle: 0.3, operations: ['DescribeKeyPairs'] });
    await proxy.resetCalls();
    for (let i = 0; i < 10; i++) await s.ec2('eu-west-2').send(new DescribeKeyPairsCommand({}));
    // Every throttled attempt was retried: more attempts reached the proxy than calls were made.
    expect((await proxy.calls()).calls.DescribeKeyPairs).toBeGreaterThanOrEqual(13);

    expect(await s.ec2('eu-west-2').config.retryStrategy()).toMatchObject({ mode: 'adaptive' });

    // max_retries is the number of attempts (as Packer hands it to the SDK).
    await proxy.setFaults({ throttle: 1, operations: ['DescribeKeyPairs'] });
    await proxy.resetCalls();
    const three = session({ ...STATIC, customEndpointEc2: proxy.endpoint, maxRetries: 3 });
    await expect(three.ec2('eu-west-2').send(new DescribeKeyPairsCommand({}))).rejects.toMatchObject({
      name: 'RequestLimitExceeded',
    });
    expect((await proxy.calls()).calls.DescribeKeyPairs).toBe(3);
    const once = session({ ...STATIC, customEndpointEc2: proxy.endpoint, maxRetries: 1 });
    const failure = await once
      .ec2('eu-west-2')
      .send(new DescribeKeyPairsCommand({}))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(describeAwsError(failure)).toMatch(
      /^RequestLimitExceeded: Request limit exceeded\. \(status code: 503/,
    );
  });

  test('credentials are validated with STS GetCallerIdentity', async () => {
    await withEnv({ AWS_ENDPOINT_URL_STS: MOTO }, async () => {
      const identity = await validateAccess(session(STATIC), STATIC, signal);
      expect(identity?.account).toBe('123456789012');
    });
  });

  test('assume_role through moto STS: the build runs as the role', async () => {
    await withEnv({ AWS_ENDPOINT_URL_STS: MOTO }, async () => {
      const access: AccessOptions = {
        ...STATIC,
        assumeRole: {
          roleArn: `arn:aws:iam::123456789012:role/${RUN}-role`,
          durationSeconds: 900,
          externalId: 'kiln-external',
          policy: '',
          policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
          sessionName: 'kiln-awsaccess',
          tags: { run: RUN },
          transitiveTagKeys: ['run'],
        },
      };
      const s = session(access);
      const identity = await validateAccess(s, access, signal);
      expect(identity?.arn).toBe(`arn:aws:sts::123456789012:assumed-role/${RUN}-role/kiln-awsaccess`);
      // EC2 signs with the role's temporary keys, not the static ones.
      const ec2Credentials = await s.ec2('eu-west-2').config.credentials();
      expect(ec2Credentials.accessKeyId).toMatch(/^ASIA/);
      expect(ec2Credentials.sessionToken).toBeTruthy();
      await s.ec2('eu-west-2').send(new DescribeRegionsCommand({}));
    });
  });

  test('a profile from a shared credentials file, and one that assumes a role with an MFA code', async () => {
    const dir = tempDir('kiln-awsaccess-');
    const file = join(dir, 'credentials');
    writeFileSync(
      file,
      '[kiln-source]\naws_access_key_id = AKIDKILNPROFILE\naws_secret_access_key = p\n\n' +
        `[kiln-role]\nrole_arn = arn:aws:iam::123456789012:role/${RUN}-mfa\nsource_profile = kiln-source\n` +
        'mfa_serial = arn:aws:iam::123456789012:mfa/kiln\nrole_session_name = kiln-mfa\n',
    );
    await withEnv({ ...NO_CREDENTIALS_ENV(dir), AWS_ENDPOINT_URL_STS: MOTO }, async () => {
      const plain: AccessOptions = { ...STATIC, accessKey: '', secretKey: '', profile: 'kiln-source' };
      const s = session({ ...plain, sharedCredentialsFile: file });
      expect((await s.ec2().config.credentials()).accessKeyId).toBe('AKIDKILNPROFILE');
      await validateAccess(s, plain, signal);

      const withMfa: AccessOptions = {
        ...plain,
        profile: 'kiln-role',
        sharedCredentialsFile: file,
        mfaCode: '123456',
      };
      const role = session(withMfa);
      const identity = await validateAccess(role, withMfa, signal);
      expect(identity?.arn).toBe(`arn:aws:sts::123456789012:assumed-role/${RUN}-mfa/kiln-mfa`);

      const noMfa = session({ ...withMfa, mfaCode: '' });
      await expect(validateAccess(noMfa, { ...withMfa, mfaCode: '' }, signal)).rejects.toThrow(
        /^No valid credential sources found for AWS Builder\..*Error: .*mfa/is,
      );
    });
  });

  test('the default chain: keys in the environment, then web identity (OIDC), with or without metadata', async () => {
    const dir = tempDir('kiln-awsaccess-');
    const token = join(dir, 'web-identity-token');
    writeFileSync(token, 'eyJraWxuIjoidGVzdCJ9.e30.c2ln');
    const chained: AccessOptions = { ...STATIC, accessKey: '', secretKey: '' };
    for (const skipMetadataApiCheck of [false, true]) {
      const access = { ...chained, skipMetadataApiCheck };
      await withEnv(
        { ...NO_CREDENTIALS_ENV(dir), AWS_ACCESS_KEY_ID: 'AKIDKILNENV', AWS_SECRET_ACCESS_KEY: 'e' },
        async () => {
          expect((await session(access).ec2().config.credentials()).accessKeyId).toBe('AKIDKILNENV');
        },
      );
      await withEnv(
        {
          ...NO_CREDENTIALS_ENV(dir),
          AWS_WEB_IDENTITY_TOKEN_FILE: token,
          AWS_ROLE_ARN: `arn:aws:iam::123456789012:role/${RUN}-oidc`,
          AWS_ROLE_SESSION_NAME: 'kiln-oidc',
          AWS_ENDPOINT_URL_STS: MOTO,
        },
        async () => {
          const identity = await validateAccess(session(access), access, signal);
          expect(identity?.arn).toBe(`arn:aws:sts::123456789012:assumed-role/${RUN}-oidc/kiln-oidc`);
        },
      );
    }
  });

  test('no credentials anywhere: Packer’s no valid credential sources', async () => {
    const dir = tempDir('kiln-awsaccess-');
    await withEnv(NO_CREDENTIALS_ENV(dir), async () => {
      const access: AccessOptions = { ...STATIC, accessKey: '', secretKey: '', skipMetadataApiCheck: true };
      await expect(validateAccess(session(access), access, signal)).rejects.toThrow(
        /^No valid credential sources found for AWS Builder\. Please see https:\/\/www\.packer\.io\/docs\/builders\/amazon#authentication .*Error: /,
      );
      // skip_credential_validation: the first EC2 call says the same.
      const skipping = { ...access, skipCredentialValidation: true };
      await expect(validateAccess(session(skipping), skipping, signal)).rejects.toThrow(
        /^error validating regions: No valid credential sources found for AWS Builder/,
      );
    });
  });

  test('credentials STS refuses', async () => {
    await proxy.setFaults({
      failOn: {
        operation: 'GetCallerIdentity',
        status: 403,
        code: 'InvalidClientTokenId',
        message: 'The security token included in the request is invalid.',
      },
    });
    await withEnv({ AWS_ENDPOINT_URL_STS: proxy.endpoint }, async () => {
      const s = session({ ...STATIC, maxRetries: 1 });
      await expect(validateAccess(s, STATIC, signal)).rejects.toThrow(
        /^validating provider credentials: retrieving caller identity from STS: .*status code: 403/,
      );
      // skip_credential_validation does not ask STS.
      const skipping = { ...STATIC, skipCredentialValidation: true };
      await expect(validateAccess(session(skipping), skipping, signal)).resolves.toBeUndefined();
    });
  });

  test("regions are checked with DescribeRegions, with Packer's message", async () => {
    const access: AccessOptions = { ...STATIC, skipCredentialValidation: true };
    const s = session(access);
    await expect(validateAccess(s, access, signal, { regions: ['eu-west-2'] })).resolves.toBeUndefined();
    const failure = validateAccess(s, access, signal, { regions: ['eu-west-2', 'xx-nowhere-1'] });
    await expect(failure).rejects.toThrow(
      /^error validating regions: Invalid region\(s\): \[xx-nowhere-1\], available regions: \[.*\beu-west-2\b.*\]$/,
    );
    await expect(
      validateAccess(s, access, signal, { regions: ['xx-nowhere-1'], skip: true }),
    ).resolves.toBeUndefined();
  });

  test('no region anywhere, and vault_aws_engine, are refused before any call', async () => {
    const dir = tempDir('kiln-awsaccess-');
    const none = { ...STATIC, region: '' };
    await expect(
      validateAccess(session(none, { AWS_CONFIG_FILE: join(dir, 'none') }), none, signal),
    ).rejects.toThrow(/^No region was found/);
    const vault = { ...STATIC, accessKey: '', secretKey: '', vaultAwsEngine: true };
    const s = session(vault);
    await expect(validateAccess(s, vault, signal)).rejects.toThrow(/^vault_aws_engine is not supported/);
    // Any call fails the same way (a data source that does not validate first).
    await expect(s.ec2().send(new DescribeRegionsCommand({}))).rejects.toThrow(
      /^vault_aws_engine is not supported/,
    );
  });

  test('decode_authorization_messages decodes an UnauthorizedOperation through STS', async () => {
    const encoded =
      'You are not authorized to perform this operation. Encoded authorization failure message: kiln-EnC0ded';
    await proxy.setFaults({
      failOn: {
        operation: 'DescribeImages',
        nth: 1,
        status: 403,
        code: 'UnauthorizedOperation',
        message: encoded,
      },
    });
    // moto has no DecodeAuthorizationMessage: a small STS that only decodes.
    const asked: string[] = [];
    const sts: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        asked.push(new URLSearchParams(body).get('EncodedMessage') ?? '');
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          '<DecodeAuthorizationMessageResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' +
            '<DecodeAuthorizationMessageResult><DecodedMessage>{"allowed":false}</DecodedMessage>' +
            '</DecodeAuthorizationMessageResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>' +
            '</DecodeAuthorizationMessageResponse>',
        );
      });
    });
    await new Promise<void>((resolve) => sts.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(sts.address() as AddressInfo).port}`;
      await withEnv({ AWS_ENDPOINT_URL_STS: endpoint }, async () => {
        const access = { ...STATIC, customEndpointEc2: proxy.endpoint, decodeAuthorizationMessages: true };
        const failure = await session(access)
          .ec2()
          .send(new DescribeImagesCommand({ ImageIds: ['ami-12345678'] }))
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(describeAwsError(failure)).toMatch(
          /^UnauthorizedOperation: You are not authorized to perform this operation\. Authorization failure message: '\{"allowed":false\}' \(status code: 403/,
        );
        expect(asked).toEqual(['kiln-EnC0ded']);

        // Without the option the message stays encoded.
        await proxy.setFaults({
          failOn: {
            operation: 'DescribeImages',
            nth: 1,
            status: 403,
            code: 'UnauthorizedOperation',
            message: encoded,
          },
        });
        const plain = await session({ ...access, decodeAuthorizationMessages: false })
          .ec2()
          .send(new DescribeImagesCommand({ ImageIds: ['ami-12345678'] }))
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(describeAwsError(plain)).toMatch(/Encoded authorization failure message: kiln-EnC0ded/);
        expect(asked).toHaveLength(1);
      });
    } finally {
      await new Promise((resolve) => sts.close(resolve));
    }
  });
});
