import { randomUUID } from 'node:crypto';

import {
  CreateTagsCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  EC2Client,
  RegisterImageCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { DeleteParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

import { runConsole } from '../../../src/cli/commands/console';
import { templateSecrets } from '../../../src/template/secrets';
import { describeWithAwsEmulator, startAwsProxy } from '../../support/aws-emulator';
import { captureIO, kiln } from '../../support/kiln';
import { tempTemplate } from '../../support/temp';
import { load } from '../../template/helpers';

/**
 * The amazon data sources end to end against moto: a template's `data` blocks are decoded, executed
 * through the aws-ec2 bundle and their values used, as `kiln console`, `validate
 * -evaluate-datasources` and `build` do. moto is shared: everything here lives in this file's two
 * regions under names made unique per run, and is deleted afterwards.
 */

const REGION = 'ca-central-1';
const OTHER_REGION = 'sa-east-1';
const RUN = `kiln-awsdata-${randomUUID().slice(0, 8)}`;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** SSM and Secrets Manager have no custom_endpoint option: the SDK's own variables point them at moto. */
const ENV_KEYS = [
  'AWS_ENDPOINT_URL_SSM',
  'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
] as const;
const savedEnv = new Map<string, string | undefined>();

function moto(): string {
  const endpoint = process.env.KILN_MOTO_ENDPOINT;
  if (!endpoint) throw new Error('KILN_MOTO_ENDPOINT is not set');
  return endpoint;
}

/** The access options every data source block here carries. */
function access(region = REGION): string {
  return `  region              = "${region}"\n  access_key          = "test"\n  secret_key          = "test"\n  custom_endpoint_ec2 = "${moto()}"\n`;
}

/**
 * `kiln console` on the template, printing each expression. Packer's console has no `data` variable:
 * the expressions become locals, which is how templates use data sources anyway.
 */
async function consoleLines(
  template: string,
  input: string,
): Promise<{ code: number; out: string; err: string }> {
  const expressions = input.split('\n').filter((line) => line !== '');
  const locals = expressions.map((e, i) => `  e${i} = ${e}\n`).join('');
  const dir = tempTemplate({ 'a.pkr.hcl': `${template}locals {\n${locals}}\n` });
  const c = captureIO(dir, { stdin: expressions.map((_e, i) => `local.e${i}\n`).join('') });
  const code = await runConsole(['.'], c.io);
  return { code, out: c.out(), err: c.err() };
}

async function validateEvaluating(template: string): Promise<{ code: number; out: string; err: string }> {
  const dir = tempTemplate({ 'a.pkr.hcl': template });
  return kiln(['validate', '-evaluate-datasources', '.'], dir);
}

describeWithAwsEmulator('amazon data sources against moto', () => {
  let ec2: EC2Client;
  let ssm: SSMClient;
  let secrets: SecretsManagerClient;
  const images: string[] = [];
  const parameters: string[] = [];
  const secretNames: string[] = [];

  beforeAll(async () => {
    for (const key of ENV_KEYS) savedEnv.set(key, process.env[key]);
    process.env.AWS_ENDPOINT_URL_SSM = moto();
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = moto();
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    // The templates give their keys; the environment must not be what makes them work.
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    ec2 = new EC2Client({ region: REGION, endpoint: moto(), credentials });
    ssm = new SSMClient({ region: REGION, endpoint: moto(), credentials });
    secrets = new SecretsManagerClient({ region: REGION, endpoint: moto(), credentials });
  });

  afterAll(async () => {
    for (const ImageId of images) await ec2.send(new DeregisterImageCommand({ ImageId }));
    if (parameters.length > 0) await ssm.send(new DeleteParametersCommand({ Names: parameters }));
    for (const SecretId of secretNames) {
      await secrets.send(new DeleteSecretCommand({ SecretId, ForceDeleteWithoutRecovery: true }));
    }
    for (const c of [ec2, ssm, secrets]) c.destroy();
    for (const [key, value] of savedEnv) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  async function registerImage(name: string, tags: Record<string, string> = {}): Promise<string> {
    const out = await ec2.send(
      new RegisterImageCommand({
        Name: name,
        Architecture: 'x86_64',
        RootDeviceName: '/dev/xvda',
        VirtualizationType: 'hvm',
      }),
    );
    const id = out.ImageId ?? '';
    images.push(id);
    const Tags = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    if (Tags.length > 0) await ec2.send(new CreateTagsCommand({ Resources: [id], Tags }));
    return id;
  }

  describe('amazon-ami', () => {
    it("finds one of moto's built-in AMIs by owner and name filter", async () => {
      const known = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
      const image = (known.Images ?? []).find((i) => i.Name?.includes('ubuntu-xenial'));
      expect(image?.ImageId).toBeDefined();
      const r = await consoleLines(
        `data "amazon-ami" "ubuntu" {\n${access()}  owners  = ["amazon"]\n  filters = {\n    name                = "${image?.Name}"\n    virtualization-type = "hvm, paravirtual"\n  }\n}\n`,
        'data.amazon-ami.ubuntu.id\ndata.amazon-ami.ubuntu.name\ndata.amazon-ami.ubuntu.owner\ndata.amazon-ami.ubuntu.owner_name\ndata.amazon-ami.ubuntu.tags\n',
      );
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toBe(`${image?.ImageId}\n${image?.Name}\n${image?.OwnerId}\namazon\n{}\n`);
    });

    it('yields the tags and creation date of an image of ours, found by tag filter in its region', async () => {
      const id = await registerImage(`${RUN}-tagged`, { Project: RUN, Role: 'base' });
      const r = await consoleLines(
        `data "amazon-ami" "mine" {\n${access()}  owners  = ["self"]\n  filters = {\n    "tag:Project" = "${RUN}"\n  }\n}\n`,
        'data.amazon-ami.mine.id\ndata.amazon-ami.mine.tags\nformatdate("YYYY", data.amazon-ami.mine.creation_date)\n',
      );
      expect(r.err).toBe('');
      expect(r.out).toBe(
        `${id}\n{\n  "Project" = "${RUN}"\n  "Role" = "base"\n}\n${new Date().getUTCFullYear()}\n`,
      );
      // The same query in the other region finds nothing there.
      const other = await validateEvaluating(
        `data "amazon-ami" "mine" {\n${access(OTHER_REGION)}  owners  = ["self"]\n  filters = {\n    "tag:Project" = "${RUN}"\n  }\n}\n`,
      );
      expect(other.code).toBe(1);
      expect(other.err).toContain('Error: No AMI was found matching filters: ');
      expect(other.err).toContain(`"Values":["${RUN}"]`);
    });

    it('fails on several matches unless most_recent, which picks the newest', async () => {
      await registerImage(`${RUN}-multi-a`);
      // moto dates images to the second: the newer one must be registered in a later second.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const newer = await registerImage(`${RUN}-multi-b`);
      const block = (mostRecent: boolean) =>
        `data "amazon-ami" "m" {\n${access()}  owners      = ["self"]\n  most_recent = ${mostRecent}\n  filters = {\n    name = "${RUN}-multi-*"\n  }\n}\n`;
      const several = await validateEvaluating(block(false));
      expect(several.code).toBe(1);
      expect(several.err).toContain(
        'Error: Your query returned more than one result. Please try a more specific search, or set most_recent to true.',
      );
      const r = await consoleLines(block(true), 'data.amazon-ami.m.id\n');
      expect(r.err).toBe('');
      expect(r.out).toBe(`${newer}\n`);
    });

    it('reports an API failure as the query error, in the words of the Go SDK', async () => {
      const proxy = await startAwsProxy();
      try {
        await proxy.setFaults({
          failOn: {
            operation: 'DescribeImages',
            status: 400,
            code: 'InvalidParameterValue',
            message: 'The filter is not valid',
          },
        });
        const r = await validateEvaluating(
          `data "amazon-ami" "bad" {\n${access()}  owners  = ["self"]\n  filters = {\n    name = "x"\n  }\n}\n`.replace(
            moto(),
            proxy.endpoint,
          ),
        );
        expect(r.code).toBe(1);
        expect(r.err).toMatch(
          /Error: Error querying AMI: operation error EC2: DescribeImages, https response error StatusCode: 400, RequestID: [^,]*, api error InvalidParameterValue: The filter is not valid\n/,
        );
        expect((await proxy.calls()).calls.DescribeImages).toBe(1);
      } finally {
        await proxy.stop();
      }
    });
  });

  describe('amazon-parameterstore', () => {
    it('reads a String parameter as it is, and a SecureString, decrypted, as a sensitive value', async () => {
      const plain = `/${RUN}/plain`;
      const secure = `/${RUN}/secure`;
      parameters.push(plain, secure);
      await ssm.send(new PutParameterCommand({ Name: plain, Value: 'hello', Type: 'String' }));
      await ssm.send(
        new PutParameterCommand({ Name: plain, Value: 'hello-2', Type: 'String', Overwrite: true }),
      );
      await ssm.send(new PutParameterCommand({ Name: secure, Value: 'pa55-w0rd', Type: 'SecureString' }));
      const template =
        `data "amazon-parameterstore" "plain" {\n${access()}  name = "${plain}"\n}\n` +
        `data "amazon-parameterstore" "secure" {\n${access()}  name            = "${secure}"\n  with_decryption = true\n}\n` +
        `locals {\n  joined = "${'${data.amazon-parameterstore.plain.value}'}/${'${data.amazon-parameterstore.secure.value}'}"\n}\n`;
      const r = await consoleLines(
        template,
        'data.amazon-parameterstore.plain.value\ndata.amazon-parameterstore.plain.version\ndata.amazon-parameterstore.plain.arn\ndata.amazon-parameterstore.secure.value\nlocal.joined\ndata.amazon-parameterstore.secure.version\n',
      );
      expect(r.err).toBe('');
      const lines = r.out.split('\n');
      expect(lines.slice(0, 2)).toEqual(['hello-2', '2']);
      expect(lines[2]).toMatch(new RegExp(`^arn:aws:ssm:${REGION}:\\d+:parameter/${RUN}/plain$`));
      expect(lines.slice(3, 6)).toEqual(['<sensitive>', '<sensitive>', '1']);
      expect(r.out).not.toContain('pa55-w0rd');

      // The decrypted value itself is what the template gets, and what every output masks.
      const scope = await load(tempTemplate({ 'a.pkr.hcl': template }), { dataSources: 'execute' });
      expect(scope.diagnostics).toEqual([]);
      expect(
        scope.dataValues.get('amazon-parameterstore.secure')?.unmarkDeep()[0].getAttr('value')?.asString(),
      ).toBe('pa55-w0rd');
      expect(templateSecrets(scope)).toEqual(['pa55-w0rd']);
    });

    it('selects a version with name:version, and names a missing parameter', async () => {
      const name = `/${RUN}/versioned`;
      parameters.push(name);
      await ssm.send(new PutParameterCommand({ Name: name, Value: 'v1', Type: 'String' }));
      await ssm.send(new PutParameterCommand({ Name: name, Value: 'v2', Type: 'String', Overwrite: true }));
      const r = await consoleLines(
        `data "amazon-parameterstore" "old" {\n${access()}  name = "${name}:1"\n}\n`,
        'data.amazon-parameterstore.old.value\n',
      );
      expect(r.err).toBe('');
      expect(r.out).toBe('v1\n');
      const missing = await validateEvaluating(
        `data "amazon-parameterstore" "none" {\n${access()}  name = "/${RUN}/missing"\n}\n`,
      );
      expect(missing.code).toBe(1);
      expect(missing.err).toContain(`Error: The parameter name "/${RUN}/missing" not found`);
    });
  });

  const plainName = `${RUN}/plain`;
  const jsonName = `${RUN}/json`;

  describe('amazon-secretsmanager', () => {
    let firstVersion = '';
    let plainVersion = '';

    beforeAll(async () => {
      secretNames.push(plainName, jsonName);
      const plain = await secrets.send(
        new CreateSecretCommand({ Name: plainName, SecretString: 'hunter2-plain' }),
      );
      plainVersion = plain.VersionId ?? '';
      const created = await secrets.send(
        new CreateSecretCommand({ Name: jsonName, SecretString: '{"user":"admin","port":5432}' }),
      );
      firstVersion = created.VersionId ?? '';
      await secrets.send(
        new PutSecretValueCommand({
          SecretId: jsonName,
          SecretString: '{"user":"root","password":"t0p-s3cret"}',
          VersionStages: ['AWSCURRENT'],
        }),
      );
    });

    it('reads a plain secret, masked as sensitive wherever it is printed', async () => {
      const r = await consoleLines(
        `data "amazon-secretsmanager" "s" {\n${access()}  name = "${plainName}"\n}\n`,
        'data.amazon-secretsmanager.s.value\ndata.amazon-secretsmanager.s.secret_string\ndata.amazon-secretsmanager.s\nlength(data.amazon-secretsmanager.s.version_id)\n',
      );
      expect(r.err).toBe('');
      expect(r.out).toBe(
        '<sensitive>\n<sensitive>\n{\n  "secret_binary" = "<sensitive>"\n  "secret_string" = "<sensitive>"\n  "value" = "<sensitive>"\n' +
          `  "version_id" = "${plainVersion}"\n}\n36\n`,
      );
    });

    it('picks a key out of a JSON secret, and reads an older version by stage or ID', async () => {
      const block = (label: string, extra: string) =>
        `data "amazon-secretsmanager" "${label}" {\n${access()}  name = "${jsonName}"\n${extra}}\n`;
      const template =
        block('current', '  key = "password"\n') +
        block('previous', '  key           = "port"\n  version_stage = "AWSPREVIOUS"\n') +
        block('by_id', `  key        = "user"\n  version_id = "${firstVersion}"\n`);
      const scope = await load(tempTemplate({ 'a.pkr.hcl': template }), { dataSources: 'execute' });
      expect(scope.diagnostics).toEqual([]);
      const attr = (ref: string, name: string) => {
        const v = scope.dataValues.get(ref)?.getAttr(name);
        return { value: v?.unmarkDeep()[0].asString(), sensitive: v?.isSensitive() };
      };
      expect(attr('amazon-secretsmanager.current', 'value')).toEqual({
        value: 't0p-s3cret',
        sensitive: true,
      });
      expect(attr('amazon-secretsmanager.current', 'secret_string')).toEqual({
        value: '{"user":"root","password":"t0p-s3cret"}',
        sensitive: true,
      });
      expect(attr('amazon-secretsmanager.previous', 'value')).toEqual({ value: '5432', sensitive: true });
      expect(attr('amazon-secretsmanager.by_id', 'value')).toEqual({ value: 'admin', sensitive: true });
      expect(attr('amazon-secretsmanager.by_id', 'version_id')).toEqual({
        value: firstVersion,
        sensitive: false,
      });
      expect(templateSecrets(scope)).toEqual(
        expect.arrayContaining(['t0p-s3cret', '{"user":"root","password":"t0p-s3cret"}', '5432', 'admin']),
      );
    });

    it('keeps the secret out of a build that prints it', async () => {
      const dir = tempTemplate({
        'a.pkr.hcl':
          `data "amazon-secretsmanager" "s" {\n${access()}  name = "${jsonName}"\n  key  = "password"\n}\n` +
          'source "null" "n" {\n  communicator = "none"\n}\n' +
          'build {\n  sources = ["source.null.n"]\n  provisioner "shell-local" {\n' +
          '    inline = ["echo the secret is ${data.amazon-secretsmanager.s.value}", "echo $SECRET", "test \\"$SECRET\\" = \\"$(printf t0p-%s s3cret)\\" && echo the provisioner has it"]\n' +
          '    environment_vars = ["SECRET=${data.amazon-secretsmanager.s.value}"]\n  }\n}\n',
      });
      const r = await kiln(['build', '.'], dir);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toContain('the provisioner has it');
      expect(r.out).toContain('the secret is <sensitive>');
      expect(r.out).not.toContain('t0p-s3cret');
    });

    it('names a missing secret and version', async () => {
      const r = await validateEvaluating(
        `data "amazon-secretsmanager" "none" {\n${access()}  name = "${RUN}/missing"\n}\n` +
          `data "amazon-secretsmanager" "stage" {\n${access()}  name          = "${plainName}"\n  version_stage = "NOPE"\n}\n`,
      );
      expect(r.code).toBe(1);
      expect(r.err).toContain(
        `Error: Secrets Manager Secret "${RUN}/missing" Version "AWSCURRENT" not found`,
      );
      expect(r.err).toContain(`Error: Secrets Manager Secret "${plainName}" Version "NOPE" not found`);
    });
  });

  describe('aws_secretsmanager functions', () => {
    it('reach moto through AWS_ENDPOINT_URL_SECRETS_MANAGER or AWS_ENDPOINT_URL, from the function env', async () => {
      const dir = tempTemplate({ 'a.pkr.hcl': '' });
      const base = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_REGION: REGION,
        AWS_EC2_METADATA_DISABLED: 'true',
      };
      const input = `aws_secretsmanager("${jsonName}", "user")\naws_secretsmanager_raw("${plainName}")\n`;
      const endpoints: Record<string, string>[] = [
        { AWS_ENDPOINT_URL_SECRETS_MANAGER: moto() },
        { AWS_ENDPOINT_URL: moto() },
      ];
      for (const endpoint of endpoints) {
        const c = captureIO(dir, { stdin: input, env: { ...base, ...endpoint } });
        const code = await runConsole(['.'], c.io);
        expect(c.err()).toBe('');
        expect(code).toBe(0);
        expect(c.out()).toBe('root\nhunter2-plain\n');
      }
      // In the other region the secret does not exist: the region is honoured too.
      const c = captureIO(dir, {
        stdin: `aws_secretsmanager_raw("${plainName}")\n`,
        env: { ...base, AWS_REGION: OTHER_REGION, AWS_ENDPOINT_URL: moto() },
      });
      expect(await runConsole(['.'], c.io)).toBe(1);
      expect(c.err()).toContain('ResourceNotFoundException');
    });
  });
});
