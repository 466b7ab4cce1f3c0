import { spawn } from 'child_process';
import { utils } from 'ssh2';
import {
  CreateImageCommand,
  CreateKeyPairCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DeleteKeyPairCommand,
  DescribeKeyPairsCommand,
  GetPasswordDataCommand,
  ImportKeyPairCommand,
  RunInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import {
  type AwsProxy,
  describeWithAwsEmulator,
  ec2Client,
  sshRun,
  startAwsProxy,
  startPrivateMoto,
} from '../support/aws-emulator';
import { decryptPasswordData } from '../../src/components/amazon/ebs/password-data';
import { connectWinRM } from '../../src/communicators/winrm/connect';
import { fakeUI } from '../support/engine-fakes';
import { docker } from '../support/services';
import { describeWithWinRM } from '../support/winrm';
import { tempDir, writeFiles } from '../support/temp';

/**
 * The AWS emulator (moto behind test-env/aws-proxy) is real enough for real clients: the AWS SDK v3
 * runs an instance it can SSH into, an AMI made from it holds what was written there, faults and
 * counters behave as configured, a Windows AMI runs the WinRM test server and has its password
 * encrypted for the key pair, and Debian's Packer 1.6.6 completes an amazon-ebs build against it.
 * All of it in one file; the reset test runs against a moto of its own, the others share the test env's.
 */

jest.setTimeout(120_000);

/** Names of this run's key pairs and images: moto is shared and outlives a run. */
const RUN = `${process.pid}-${Date.now()}`;

/** The newest of moto's built-in Amazon Linux 2 AMIs, found as a client would (no AMI registered: the
 * proxy runs unregistered AMIs from the Debian sshd image). */
async function baseAmi(ec2: EC2Client): Promise<string> {
  const r = await ec2.send(
    new DescribeImagesCommand({
      Owners: ['137112412989'],
      Filters: [{ Name: 'name', Values: ['amzn2-ami-hvm-*'] }],
    }),
  );
  const id = r.Images?.[0]?.ImageId;
  if (!id) throw new Error('moto has no amzn2 AMI');
  return id;
}

async function runOne(ec2: EC2Client, ami: string, key?: string): Promise<{ id: string; ip: string }> {
  const run = await ec2.send(
    new RunInstancesCommand({
      ImageId: ami,
      KeyName: key,
      MinCount: 1,
      MaxCount: 1,
      InstanceType: 't3.micro',
    }),
  );
  const id = run.Instances?.[0]?.InstanceId ?? '';
  const d = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  const ip = d.Reservations?.[0]?.Instances?.[0]?.PublicIpAddress ?? '';
  return { id, ip };
}

function containersOf(instanceId: string): string {
  return docker('ps', '-aq', '--filter', `label=kiln-awsemu.instance=${instanceId}`).stdout.trim();
}

describeWithAwsEmulator('AWS emulator (moto + test-env/aws-proxy)', () => {
  let proxy: AwsProxy;
  let ec2: EC2Client;

  beforeAll(async () => {
    proxy = await startAwsProxy();
    ec2 = ec2Client(proxy.endpoint);
  });
  afterAll(async () => {
    // The key pairs this run made (instances are the proxy's, removed when it stops).
    const keys = await ec2?.send(new DescribeKeyPairsCommand({}));
    for (const k of keys?.KeyPairs ?? []) {
      if (k.KeyName?.endsWith(RUN)) await ec2.send(new DeleteKeyPairCommand({ KeyName: k.KeyName }));
    }
    ec2?.destroy();
    await proxy?.stop();
  });
  beforeEach(async () => {
    await proxy.setFaults({});
    await proxy.resetCalls();
  });

  it('runs instances as machines: SSH at the reported address, CreateImage keeps what was written', async () => {
    const created = await ec2.send(new CreateKeyPairCommand({ KeyName: `awsemu-created-${RUN}` }));
    const createdKey = created.KeyMaterial ?? '';
    const imported = utils.generateKeyPairSync('ed25519');
    await ec2.send(
      new ImportKeyPairCommand({
        KeyName: `awsemu-imported-${RUN}`,
        PublicKeyMaterial: Buffer.from(imported.public),
      }),
    );

    const first = await runOne(ec2, await baseAmi(ec2), `awsemu-created-${RUN}`);
    expect(first.ip).toMatch(/^127\.\d+\.\d+\.\d+$/);
    const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [first.id] }));
    const instance = described.Reservations?.[0]?.Instances?.[0];
    expect([instance?.PrivateIpAddress, instance?.PublicDnsName, instance?.PrivateDnsName]).toEqual([
      first.ip,
      first.ip,
      first.ip,
    ]);
    await sshRun(first.ip, createdKey, 'echo provisioned > /root/kiln-was-here');

    // As Packer does: stop, then image.
    await ec2.send(new StopInstancesCommand({ InstanceIds: [first.id] }));
    expect(docker('inspect', '-f', '{{.State.Running}}', containersOf(first.id)).stdout.trim()).toBe('false');
    const image = await ec2.send(
      new CreateImageCommand({ InstanceId: first.id, Name: `awsemu-proof-${RUN}` }),
    );
    const ami = image.ImageId ?? '';
    expect(ami).toMatch(/^ami-/);

    const second = await runOne(ec2, ami, `awsemu-imported-${RUN}`);
    expect(second.ip).not.toBe(first.ip);
    expect(await sshRun(second.ip, imported.private, 'cat /root/kiln-was-here')).toBe('provisioned\n');

    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [first.id, second.id] }));
    expect([containersOf(first.id), containersOf(second.id)]).toEqual(['', '']);
    expect(await proxy.instances()).toEqual({});

    const { calls } = await proxy.calls();
    expect(calls).toMatchObject({
      CreateKeyPair: 1,
      ImportKeyPair: 1,
      RunInstances: 2,
      StopInstances: 1,
      CreateImage: 1,
      TerminateInstances: 1,
    });
  });

  describeWithWinRM('Windows AMIs (the WinRM test server)', () => {
    it('runs them as WinRM machines, and answers GetPasswordData as EC2 does, for images made from them too', async () => {
      const windowsAmi = 'ami-b7e93bce'; // moto's Windows_Server-2016-English-Full-Base
      const password = `Pw-${RUN}`;
      const r = await fetch(`${proxy.endpoint}/kiln-proxy/images`, {
        method: 'POST',
        body: JSON.stringify({ ami: windowsAmi, winrm: { password, emptyPasswordCalls: 1 } }),
      });
      expect(r.status).toBe(200);
      // moto's CreateKeyPair: an RSA key in PKCS#1 PEM, as EC2 makes them.
      const key = await ec2.send(new CreateKeyPairCommand({ KeyName: `awsemu-windows-${RUN}` }));
      const privateKey = key.KeyMaterial ?? '';

      const passwordOf = async (id: string): Promise<string> => {
        const answer = await ec2.send(new GetPasswordDataCommand({ InstanceId: id }));
        return answer.PasswordData ? decryptPasswordData(answer.PasswordData, privateKey) : '';
      };
      const winrmEcho = async (ip: string): Promise<string> => {
        const settings = {
          host: ip,
          port: 5985,
          username: 'Administrator',
          password,
          timeoutMs: 20_000,
          retryIntervalMs: 5_000,
          connectTimeoutMs: 0,
          useSSL: false,
          insecure: false,
          useNTLM: false,
          noProxy: false,
        };
        const comm = await connectWinRM(settings, fakeUI(), new AbortController().signal);
        let out = '';
        try {
          await comm.start(
            { command: 'echo from-windows', onStdout: (c) => void (out += c.toString('utf8')) },
            new AbortController().signal,
          );
        } finally {
          await comm.close();
        }
        return out;
      };

      const first = await runOne(ec2, windowsAmi, `awsemu-windows-${RUN}`);
      expect(first.ip).toMatch(/^127\.\d+\.\d+\.\d+$/);
      expect(await passwordOf(first.id)).toBe(''); // not generated yet
      expect(await passwordOf(first.id)).toBe(password);
      expect(await winrmEcho(first.ip)).toBe('from-windows\r\n');

      const image = await ec2.send(
        new CreateImageCommand({ InstanceId: first.id, Name: `awsemu-windows-${RUN}` }),
      );
      const second = await runOne(ec2, image.ImageId ?? '', `awsemu-windows-${RUN}`);
      expect(await passwordOf(second.id)).toBe('');
      expect(await passwordOf(second.id)).toBe(password);
      expect(await winrmEcho(second.ip)).toBe('from-windows\r\n');

      await ec2.send(new TerminateInstancesCommand({ InstanceIds: [first.id, second.id] }));
      expect([containersOf(first.id), containersOf(second.id)]).toEqual(['', '']);
    });
  });

  it('throttles: at 100% a call fails with RequestLimitExceeded (503), at 30% the SDK retries through', async () => {
    await proxy.setFaults({ throttle: 1 });
    const once = ec2Client(proxy.endpoint, { maxAttempts: 1 });
    try {
      await expect(once.send(new DescribeKeyPairsCommand({}))).rejects.toMatchObject({
        name: 'RequestLimitExceeded',
        $metadata: { httpStatusCode: 503 },
      });
    } finally {
      once.destroy();
    }

    await proxy.setFaults({ throttle: 0.3 });
    await proxy.resetCalls();
    for (let i = 0; i < 7; i++) await ec2.send(new DescribeKeyPairsCommand({}));
    // Calls 4 and 7 were throttled and retried (the spread is deterministic: floor steps of n·0.3).
    expect((await proxy.calls()).calls.DescribeKeyPairs).toBe(9);
  });

  it('fails one operation on its Nth call, answers 5xx, and delays', async () => {
    const once = ec2Client(proxy.endpoint, { maxAttempts: 1 });
    try {
      await proxy.setFaults({ failOn: { operation: 'DescribeKeyPairs', nth: 2 } });
      await once.send(new DescribeKeyPairsCommand({}));
      await expect(once.send(new DescribeKeyPairsCommand({}))).rejects.toMatchObject({
        name: 'InternalError',
        $metadata: { httpStatusCode: 500 },
      });
      await once.send(new DescribeKeyPairsCommand({}));

      await proxy.setFaults({ error5xx: 1, operations: ['DescribeImages'] });
      await expect(once.send(new DescribeImagesCommand({ Owners: ['self'] }))).rejects.toMatchObject({
        $metadata: { httpStatusCode: 500 },
      });
      await once.send(new DescribeKeyPairsCommand({}));

      await proxy.setFaults({ latencyMs: 300 });
      const started = Date.now();
      await once.send(new DescribeKeyPairsCommand({}));
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      once.destroy();
    }
  });

  it('completes a Packer 1.6.6 amazon-ebs build whose AMI holds what its provisioner wrote', async () => {
    const dir = writeFiles(tempDir('kiln-awsemu-packer-'), {
      'template.json': JSON.stringify({
        variables: { endpoint: '{{env `KILN_AWS_ENDPOINT`}}' },
        builders: [
          {
            type: 'amazon-ebs',
            access_key: 'test',
            secret_key: 'test',
            region: 'us-east-1',
            custom_endpoint_ec2: '{{user `endpoint`}}',
            skip_metadata_api_check: true,
            skip_credential_validation: true,
            skip_region_validation: true,
            source_ami_filter: {
              filters: { name: 'amzn2-ami-hvm-*' },
              owners: ['137112412989'],
              most_recent: true,
            },
            instance_type: 't3.micro',
            communicator: 'ssh',
            ssh_username: 'root',
            ssh_timeout: '60s',
            ami_name: 'kiln-awsemu-packer-{{timestamp}}',
          },
        ],
        provisioners: [{ type: 'shell', inline: ['echo packer-provisioned > /root/packer-was-here'] }],
      }),
    });
    const child = spawn('packer', ['build', '-color=false', '-machine-readable', 'template.json'], {
      cwd: dir,
      env: { ...process.env, KILN_AWS_ENDPOINT: proxy.endpoint, CHECKPOINT_DISABLE: '1', PACKER_LOG: '' },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, out: code === 0 ? '' : out }).toEqual({ code: 0, out: '' });
    const artifact = /artifact,0,id,[^:\n]*:(ami-[0-9a-f]+)/.exec(out);
    expect(artifact).not.toBeNull();

    // Packer cleaned up after itself, as moto sees it.
    const { calls } = await proxy.calls();
    expect(calls).toMatchObject({ RunInstances: 1, CreateImage: 1, TerminateInstances: 1, DeleteKeyPair: 1 });
    expect(await proxy.instances()).toEqual({});

    const key = await ec2.send(new CreateKeyPairCommand({ KeyName: `awsemu-packer-check-${RUN}` }));
    const check = await runOne(ec2, artifact?.[1] ?? '', `awsemu-packer-check-${RUN}`);
    expect(await sshRun(check.ip, key.KeyMaterial ?? '', 'cat /root/packer-was-here')).toBe(
      'packer-provisioned\n',
    );
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [check.id] }));
  });

  it('reset empties moto, the counters and the faults, and removes the containers', async () => {
    // Its own moto: a reset of the shared one would empty it under every AWS test running now.
    const moto = await startPrivateMoto();
    const own = await startAwsProxy({ moto: moto.endpoint });
    const ec2 = ec2Client(own.endpoint);
    try {
      const key = await ec2.send(new CreateKeyPairCommand({ KeyName: 'awsemu-reset' }));
      expect(key.KeyMaterial).toBeTruthy();
      const left = await runOne(ec2, await baseAmi(ec2), 'awsemu-reset');
      expect(containersOf(left.id)).not.toBe('');
      await own.setFaults({ throttle: 1, operations: ['RunInstances'] });

      await own.reset();
      expect(containersOf(left.id)).toBe('');
      expect(await own.instances()).toEqual({});
      expect((await own.calls()).total).toBe(0);
      const keys = await ec2.send(new DescribeKeyPairsCommand({}));
      expect(keys.KeyPairs ?? []).toEqual([]);
      const after = await ec2.send(new DescribeInstancesCommand({}));
      expect(after.Reservations ?? []).toEqual([]);
      // Faults are gone with the rest.
      const again = await runOne(ec2, await baseAmi(ec2));
      await ec2.send(new TerminateInstancesCommand({ InstanceIds: [again.id] }));
    } finally {
      ec2.destroy();
      await own.stop();
      await moto.stop();
    }
  });
});
