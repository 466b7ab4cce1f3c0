import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { componentFields } from '../../../src/schema/decode';
import { DOCKER_BUILDER_SCHEMA } from '../../../src/components/docker/builder-schema';
import { decodeAuthorizationToken, ecrCredentials } from '../../../src/components/docker/registry-login';
import { type FakeValue, fakeView } from '../../support/config-view';

/**
 * ECR credentials through the real AWS SDK over HTTP, against a loopback server that speaks ECR's
 * JSON protocol (AWS_ENDPOINT_URL_ECR points the SDK at it).
 */

interface Seen {
  target?: string;
  body?: unknown;
  authorization?: string;
}

function ecrServer(reply: (seen: Seen) => { status: number; body: unknown }) {
  const seen: Seen = {};
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      seen.target = req.headers['x-amz-target'] as string;
      seen.authorization = req.headers.authorization;
      seen.body = JSON.parse(text || '{}');
      const r = reply(seen);
      res.writeHead(r.status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(r.body));
    });
  });
  return { server, seen };
}

const view = (data: Record<string, FakeValue>) => fakeView(componentFields(DOCKER_BUILDER_SCHEMA), data);

describe('ECR login', () => {
  const saved = { ...process.env };
  let srv: ReturnType<typeof ecrServer>;
  let fail = false;

  beforeAll(async () => {
    srv = ecrServer(() =>
      fail
        ? { status: 400, body: { __type: 'AccessDeniedException', message: 'not allowed here' } }
        : {
            status: 200,
            body: {
              authorizationData: [
                {
                  authorizationToken: Buffer.from('AWS:token-password').toString('base64'),
                  proxyEndpoint: 'https://123456789012.dkr.ecr.eu-west-3.amazonaws.com',
                },
              ],
            },
          },
    );
    await new Promise<void>((r) => srv.server.listen(0, '127.0.0.1', r));
    process.env.AWS_ENDPOINT_URL_ECR = `http://127.0.0.1:${(srv.server.address() as AddressInfo).port}`;
    delete process.env.AWS_PROFILE;
  });
  afterAll(async () => {
    process.env = saved;
    await new Promise((r) => srv.server.close(r));
  });

  it('asks ECR for a token for the account of the registry, signed with the given keys, in its region', async () => {
    fail = false;
    const creds = await ecrCredentials(
      view({ ecr_login: true, aws_access_key: 'AKIDEXAMPLE', aws_secret_key: 'secret' }),
      '123456789012.dkr.ecr.eu-west-3.amazonaws.com/app',
      new AbortController().signal,
    );
    expect(creds).toEqual({ username: 'AWS', password: 'token-password' });
    expect(srv.seen.target).toBe('AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken');
    expect(srv.seen.body).toEqual({ registryIds: ['123456789012'] });
    expect(srv.seen.authorization).toMatch(/Credential=AKIDEXAMPLE\/\d{8}\/eu-west-3\/ecr\/aws4_request/);
  });

  it("reports the service's error", async () => {
    fail = true;
    await expect(
      ecrCredentials(
        view({ ecr_login: true, aws_access_key: 'AKIDEXAMPLE', aws_secret_key: 'secret' }),
        '123456789012.dkr.ecr.us-east-1.amazonaws.com',
        new AbortController().signal,
      ),
    ).rejects.toThrow('not allowed here');
  });

  it('rejects a login server that is not an ECR registry', async () => {
    await expect(
      ecrCredentials(view({ ecr_login: true }), 'registry.example.com', new AbortController().signal),
    ).rejects.toThrow('registry.example.com is not a valid ECR URL');
  });

  it('decodes authorization tokens', () => {
    expect(decodeAuthorizationToken(Buffer.from('AWS:a:b').toString('base64'))).toEqual({
      username: 'AWS',
      password: 'a:b',
    });
    expect(() => decodeAuthorizationToken(Buffer.from('nocolon').toString('base64'))).toThrow(
      'not of the form user:password',
    );
  });
});
