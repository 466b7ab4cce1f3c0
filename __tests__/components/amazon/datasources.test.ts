import type { Image } from '@aws-sdk/client-ec2';

import {
  AMAZON_AMI_SCHEMA,
  readAmazonAmiRequest,
} from '../../../src/components/amazon/datasources/ami-schema';
import {
  describeImagesInput,
  executeAmazonAmi,
  mostRecent,
} from '../../../src/components/amazon/datasources/ami';
import { executeAmazonParameterStore } from '../../../src/components/amazon/datasources/parameterstore';
import { executeAmazonSecretsManager } from '../../../src/components/amazon/datasources/secretsmanager';
import { awsOperationError } from '../../../src/components/amazon/datasources/aws-error';
import { firstCsvRecord } from '../../../src/components/amazon/datasources/csv-record';
import {
  AMAZON_PARAMETERSTORE_SCHEMA,
  parameterStoreValue,
} from '../../../src/components/amazon/datasources/parameterstore-schema';
import { secretValue } from '../../../src/components/amazon/datasources/secret-value';
import {
  AMAZON_SECRETSMANAGER_SCHEMA,
  readSecretsManagerRequest,
  secretsManagerValue,
} from '../../../src/components/amazon/datasources/secretsmanager-schema';
import * as lazyBundles from '../../../src/lazy-bundles';
import { kiln } from '../../support/kiln';
import { type FakeValue, UNKNOWN, fakeView } from '../../support/config-view';
import { tempTemplate } from '../../support/temp';

/**
 * The amazon data sources without AWS: their checks (datasource Configure), the request they make,
 * the pieces of Packer's behaviour they reproduce (expected values from Go: encoding/csv with lazy
 * quotes, the secret's JSON, strconv.FormatFloat), and that only running one loads the SDK.
 * datasources-moto.test.ts runs them against moto.
 */

const ami = (data: Record<string, FakeValue>) =>
  AMAZON_AMI_SCHEMA.validate?.(fakeView(AMAZON_AMI_SCHEMA.fields, data)) ?? [];
const parameter = (data: Record<string, FakeValue>) =>
  AMAZON_PARAMETERSTORE_SCHEMA.validate?.(fakeView(AMAZON_PARAMETERSTORE_SCHEMA.fields, data)) ?? [];
const secret = (data: Record<string, FakeValue>) =>
  AMAZON_SECRETSMANAGER_SCHEMA.validate?.(fakeView(AMAZON_SECRETSMANAGER_SCHEMA.fields, data)) ?? [];

const NO_FILTERS = { message: 'The `filters` must be specified' };
const NO_OWNER = { message: 'For security reasons, you must declare an owner.', field: 'owners' };
const NO_NAME = { message: "a 'name' must be provided", field: 'name' };
const KEYS = {
  message: '`access_key` and `secret_key` must both be either set or not set.',
  field: 'access_key',
};

describe('amazon data source checks', () => {
  test('amazon-ami needs owners, and filters or owners', () => {
    expect(ami({})).toEqual([NO_FILTERS, NO_OWNER]);
    expect(ami({ filters: { name: 'x' } })).toEqual([NO_OWNER]);
    expect(ami({ owners: [], filters: {} })).toEqual([NO_FILTERS, NO_OWNER]);
    expect(ami({ owners: ['self'] })).toEqual([]);
    expect(ami({ owners: UNKNOWN })).toEqual([]);
    expect(ami({ owners: ['amazon'], access_key: 'AKIA' })).toEqual([KEYS]);
  });

  test('amazon-parameterstore and amazon-secretsmanager need a name', () => {
    for (const check of [parameter, secret]) {
      expect(check({})).toEqual([NO_NAME]);
      expect(check({ name: '' })).toEqual([NO_NAME]);
      expect(check({ name: UNKNOWN })).toEqual([]);
      expect(check({ name: 'n' })).toEqual([]);
      expect(check({ name: 'n', secret_key: 's' })).toEqual([{ ...KEYS, field: 'secret_key' }]);
    }
  });

  test('a template shows them as errors of kiln validate', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl':
        'data "amazon-ami" "a" {\n  region = "ca-central-1"\n}\n' +
        'data "amazon-secretsmanager" "s" {\n  key = "k"\n}\n' +
        'data "amazon-parameterstore" "p" {\n  name = "/x"\n  with_decryption = true\n}\n',
    });
    const r = await kiln(['validate', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Error: The `filters` must be specified');
    expect(r.err).toContain('Error: For security reasons, you must declare an owner.');
    expect(r.err).toContain("Error: a 'name' must be provided");
    expect(r.err.match(/^Error: /gm)).toHaveLength(3);
  });
});

describe('the requests', () => {
  test('amazon-ami: filter values are CSV records; owners and include_deprecated as given', () => {
    const req = readAmazonAmiRequest(
      fakeView(AMAZON_AMI_SCHEMA.fields, {
        region: 'sa-east-1',
        owners: ['099720109477', 'self'],
        filters: { name: 'ubuntu/*', 'virtualization-type': 'hvm, paravirtual' },
        most_recent: true,
      }),
    );
    expect(req).toMatchObject({ mostRecent: true, includeDeprecated: false });
    expect(req.access.region).toBe('sa-east-1');
    expect(describeImagesInput(req)).toEqual({
      Filters: [
        { Name: 'name', Values: ['ubuntu/*'] },
        { Name: 'virtualization-type', Values: ['hvm', 'paravirtual'] },
      ],
      Owners: ['099720109477', 'self'],
      IncludeDeprecated: false,
    });
    expect(() => describeImagesInput({ ...req, filters: { name: '' } })).toThrow(
      "Couldn't parse ami filters: EOF",
    );
  });

  test('amazon-secretsmanager: version_stage is AWSCURRENT unless given', () => {
    const read = (data: Record<string, FakeValue>) =>
      readSecretsManagerRequest(fakeView(AMAZON_SECRETSMANAGER_SCHEMA.fields, { name: 'n', ...data }));
    expect(read({})).toMatchObject({ name: 'n', key: '', versionId: '', versionStage: 'AWSCURRENT' });
    expect(read({ version_stage: '' })).toMatchObject({ versionStage: 'AWSCURRENT' });
    expect(read({ version_stage: 'AWSPREVIOUS', version_id: 'v1' })).toMatchObject({
      versionStage: 'AWSPREVIOUS',
      versionId: 'v1',
    });
  });
});

test('firstCsvRecord reads as encoding/csv with LazyQuotes and TrimLeadingSpace', () => {
  const cases: [string, string[] | 'EOF'][] = [
    ['a', ['a']],
    ['a, b', ['a', 'b']],
    ['"a,b", c', ['a,b', 'c']],
    ['', 'EOF'],
    ['\n\nx', ['x']],
    ['a"b', ['a"b']],
    ['"a"b"', ['a"b']],
    ['"unterminated', ['unterminated']],
    ['x\ny', ['x']],
    ['"multi\nline"', ['multi\nline']],
    ['a,', ['a', '']],
    ['  "q" ,z', ['q" ,z']],
    ['"a" b', ['a" b']],
    ['"a"\n', ['a']],
    ['a\r\n', ['a']],
    ['"a\r\nb"', ['a\nb']],
    ['\u00a0a', ['a']],
    ['\ufeffa', ['\ufeffa']],
    [' ', ['']],
    ['""', ['']],
    ['a ,  b  ', ['a ', 'b  ']],
  ];
  for (const [text, expected] of cases) {
    if (expected === 'EOF') expect(() => firstCsvRecord(text)).toThrow('EOF');
    else expect([text, firstCsvRecord(text)]).toEqual([text, expected]);
  }
});

test("secretValue picks the value Packer's getSecretValue does, and fails as it does", () => {
  const err = (m: string) => `error: error to get secret value: ${JSON.stringify(m)}`;
  const cases: [string, string, string][] = [
    ['plain', '', 'plain'],
    ['{"k":"v"}', 'k', 'v'],
    ['{"k":"v"}', 'x', ''],
    ['{"k":"v"}', '', 'v'],
    ['{"n":5432}', 'n', '5432'],
    ['{"n":2.5}', 'n', '2'],
    ['{"n":3.5}', 'n', '4'],
    ['{"n":1e21}', 'n', '1000000000000000000000'],
    ['{"n":-0.4}', 'n', '-0'],
    ['{"n":-0}', 'n', '-0'],
    ['{"n":0.5000001}', 'n', '1'],
    ['{"n":123456789012345678901234567890}', 'n', '123456789012345677877719597056'],
    ['{"b":true}', 'b', err('Unsupported secret value type: bool')],
    ['{"z":null}', 'z', err('Unsupported secret value type: <nil>')],
    ['{"o":{}}', 'o', err('Unsupported secret value type: map[string]interface {}')],
    ['{"a":[1]}', 'a', err('Unsupported secret value type: []interface {}')],
    ['[1]', '', err('json: cannot unmarshal array into Go value of type map[string]interface {}')],
    ['"s"', '', err('json: cannot unmarshal string into Go value of type map[string]interface {}')],
    ['5', '', err('json: cannot unmarshal number into Go value of type map[string]interface {}')],
    ['true', '', err('json: cannot unmarshal bool into Go value of type map[string]interface {}')],
    ['null', 'x', ''],
    ['{}', '', ''],
    [' {"k":"v"} ', 'k', 'v'],
  ];
  for (const [secretString, key, expected] of cases) {
    let got: string;
    try {
      got = secretValue(secretString, key);
    } catch (e) {
      got = `error: ${(e as Error).message}`;
    }
    expect([secretString, key, got]).toEqual([secretString, key, expected]);
  }
});

test('mostRecent takes the latest creation date, an unparsable one counting as the earliest', () => {
  const image = (ImageId: string, CreationDate?: string): Image => ({ ImageId, CreationDate });
  const pick = (...images: Image[]) => mostRecent(images).ImageId;
  expect(pick(image('a', '2024-01-02T00:00:00.000Z'), image('b', '2024-01-01T00:00:00.000Z'))).toBe('a');
  expect(pick(image('a', 'junk'), image('b', '2020-01-01T00:00:00Z'), image('c'))).toBe('b');
  // Equal to the second: the later in the answer.
  expect(pick(image('a', '2024-01-01T00:00:00.100Z'), image('b', '2024-01-01T00:00:00.900Z'))).toBe('b');
});

test('AWS errors read as aws-sdk-go-v2 prints them', () => {
  const apiError = Object.assign(new Error('Parameter /x not found.'), {
    name: 'ParameterNotFound',
    $metadata: { httpStatusCode: 400, requestId: 'r-1' },
  });
  expect(awsOperationError('SSM', 'GetParameter', apiError)).toBe(
    'operation error SSM: GetParameter, https response error StatusCode: 400, RequestID: r-1, api error ParameterNotFound: Parameter /x not found.',
  );
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  expect(awsOperationError('EC2', 'DescribeImages', refused)).toBe(
    'operation error EC2: DescribeImages, request send failed, connect: connection refused',
  );
});

test('secret outputs are sensitive; a parameter value only when it is a SecureString', () => {
  const s = secretsManagerValue({ value: 'v', secretString: 's', secretBinary: '', versionId: 'id' });
  const sensitive = (v: ReturnType<typeof secretsManagerValue>, name: string) =>
    v.getAttr(name)?.isSensitive();
  expect(['value', 'secret_string', 'secret_binary', 'version_id'].map((n) => sensitive(s, n))).toEqual([
    true,
    true,
    true,
    false,
  ]);
  const p = (type: string) => parameterStoreValue({ value: 'v', version: '1', arn: 'arn', type });
  expect(sensitive(p('SecureString'), 'value')).toBe(true);
  expect(sensitive(p('String'), 'value')).toBe(false);
  expect(sensitive(p('SecureString'), 'arn')).toBe(false);
});

test("a cancelled run stops with the signal's reason, not a data source error", async () => {
  const controller = new AbortController();
  const reason = new Error('interrupted');
  controller.abort(reason);
  const access = { region: 'ca-central-1', accessKey: 'a', secretKey: 's', token: '', profile: '' };
  const request = { access: { ...access, customEndpointEc2: 'http://127.0.0.1:9', maxRetries: 1 } };
  await expect(
    executeAmazonParameterStore({ ...request, name: '/x', withDecryption: false }, controller.signal),
  ).rejects.toBe(reason);
  await expect(
    executeAmazonSecretsManager(
      { ...request, name: 'x', key: '', versionId: '', versionStage: 'AWSCURRENT' },
      controller.signal,
    ),
  ).rejects.toBe(reason);
  await expect(
    executeAmazonAmi(
      { ...request, filters: {}, owners: ['self'], mostRecent: false, includeDeprecated: false },
      controller.signal,
    ),
  ).rejects.toBe(reason);
});

describe('the aws-ec2 bundle', () => {
  afterEach(() => jest.restoreAllMocks());

  it('is not loaded to validate a template, with or without amazon data sources', async () => {
    const load = jest.spyOn(lazyBundles, 'loadLazyBundle');
    const dir = tempTemplate({
      'a.pkr.hcl':
        'data "amazon-parameterstore" "p" {\n  name = "/x"\n}\n' +
        'source "null" "n" {\n  communicator = "none"\n}\n' +
        'build {\n  sources = ["source.null.n"]\n  provisioner "shell-local" {\n    inline = ["echo ${data.amazon-parameterstore.p.value}"]\n  }\n}\n',
    });
    const r = await kiln(['validate', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(load.mock.calls.map((c) => c[0])).not.toContain('aws-ec2');
  });

  it('is what running one loads', async () => {
    const real = lazyBundles.loadLazyBundle;
    const load = jest.spyOn(lazyBundles, 'loadLazyBundle').mockImplementation((name) => {
      if (name === 'aws-ec2') throw new Error('the aws-ec2 bundle was asked for');
      return real(name);
    });
    const dir = tempTemplate({ 'a.pkr.hcl': 'data "amazon-parameterstore" "p" {\n  name = "/x"\n}\n' });
    const r = await kiln(['validate', '-evaluate-datasources', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Error: the aws-ec2 bundle was asked for');
    expect(load.mock.calls.map((c) => c[0])).toContain('aws-ec2');
  });
});
