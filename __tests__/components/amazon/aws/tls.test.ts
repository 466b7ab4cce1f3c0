import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { createServer, type Server } from 'https';
import type { AddressInfo } from 'net';
import { join } from 'path';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { createAwsSession } from '../../../../src/components/amazon/aws/session';
import type { AccessOptions } from '../../../../src/components/amazon/options/access';
import { tempDir } from '../../../support/temp';

/** insecure_skip_tls_verify against an EC2 endpoint with a self-signed certificate. */

jest.setTimeout(30_000);

let server: Server;
let endpoint: string;

beforeAll(async () => {
  const dir = tempDir('kiln-awsaccess-tls-');
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(
      '<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>' +
        '<regionInfo><item><regionName>eu-west-1</regionName><regionEndpoint>x</regionEndpoint></item></regionInfo>' +
        '</DescribeRegionsResponse>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const ACCESS: AccessOptions = {
  region: 'eu-west-1',
  accessKey: 'AKID',
  secretKey: 's',
  token: '',
  profile: '',
  customEndpointEc2: '',
  maxRetries: 1,
};

describe('insecure_skip_tls_verify', () => {
  test('a self-signed endpoint is refused, unless TLS verification is skipped', async () => {
    const strict = createAwsSession({ ...ACCESS, customEndpointEc2: endpoint }, {});
    const insecure = createAwsSession(
      { ...ACCESS, customEndpointEc2: endpoint, insecureSkipTlsVerify: true },
      {},
    );
    try {
      await expect(strict.ec2().send(new DescribeRegionsCommand({}))).rejects.toThrow(
        /self[- ]signed certificate/,
      );
      const r = await insecure.ec2('eu-west-2').send(new DescribeRegionsCommand({}));
      expect(r.Regions?.map((x) => x.RegionName)).toEqual(['eu-west-1']);
    } finally {
      strict.destroy();
      insecure.destroy();
    }
  });
});
