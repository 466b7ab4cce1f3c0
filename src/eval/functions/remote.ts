import { StringType } from '../../values/types';
import { Value } from '../../values/value';
import { FunctionError, type FunctionSpec } from './function';
import { type FunctionOptions, registerFamily } from './index';
import type { AwsSecretValue } from './support/remote-protocol';
import { runRemoteRequest } from './support/remote-worker';

/**
 * Functions that read secrets from services, as Packer's: aws_secretsmanager(_raw) (AWS SDK, default
 * credential chain, AWS_ENDPOINT_URL[_SECRETS_MANAGER]), consul_key (CONSUL_HTTP_ADDR,
 * CONSUL_HTTP_TOKEN) and vault (VAULT_ADDR, VAULT_TOKEN, KV v1 and v2). Each call runs one request
 * in a worker process (see ./support/remote-worker.ts) with bounded timeouts; the AWS SDK is loaded
 * only there. Like Packer, results are not marked sensitive.
 */

type Env = Readonly<Record<string, string | undefined>>;

function withScheme(addr: string, ssl: boolean): string {
  const a = addr.replace(/\/+$/, '');
  if (/^https?:\/\//.test(a)) return a;
  if (a.startsWith('unix://')) return a;
  return `${ssl ? 'https' : 'http'}://${a}`;
}

function consul(key: string, env: Env): string {
  const ssl = /^(1|true)$/i.test(env.CONSUL_HTTP_SSL ?? '');
  const base = withScheme(env.CONSUL_HTTP_ADDR || '127.0.0.1:8500', ssl);
  const value = runRemoteRequest(
    { kind: 'consul', base, key, token: env.CONSUL_HTTP_TOKEN ?? '' },
    env,
    'consul',
  );
  if (value === null) throw new FunctionError(`key does not exist at the given path: ${key}`);
  if (value === '') throw new FunctionError(`value is empty at path ${key}`);
  return value as string;
}

function vault(secretPath: string, key: string, env: Env): string {
  const token = env.VAULT_TOKEN ?? '';
  if (token === '')
    throw new FunctionError('Must set VAULT_TOKEN env var in order to use vault template function');
  const base = withScheme(env.VAULT_ADDR || 'https://127.0.0.1:8200', true);
  const secret = runRemoteRequest(
    { kind: 'vault', base, path: secretPath, token, namespace: env.VAULT_NAMESPACE ?? '' },
    env,
    'vault',
  ) as { data?: Record<string, unknown>; warnings?: string[] | null } | null;
  if (secret === null) throw new FunctionError('Vault Secret does not exist at the given path');
  const data = secret.data ?? {};
  const pick = (v: unknown): string => {
    if (typeof v === 'string') return v;
    throw new FunctionError(`Vault value at key ${JSON.stringify(key)} is not a string`);
  };
  if (!Object.prototype.hasOwnProperty.call(data, 'data')) {
    // No "data" wrapper: a KV version 1 secret.
    if (Object.prototype.hasOwnProperty.call(data, key)) return pick(data[key]);
    throw new FunctionError(
      'Vault data was empty at the given path. Check the Vault function docs for help: ' +
        'https://www.packer.io/docs/templates/hcl_templates/functions/contextual/vault. ' +
        `Original warnings from Vault call: ${(secret.warnings ?? []).join('; ')}`,
    );
  }
  const inner = data.data as Record<string, unknown> | null;
  if (inner && Object.prototype.hasOwnProperty.call(inner, key)) return pick(inner[key]);
  throw new FunctionError('Vault path does not contain the requested key');
}

/** Go's FormatFloat(v, 'f', 0, 64): JSON numbers in secrets are rendered as whole numbers. */
function secretValueString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return v.toFixed(0);
  const goType =
    typeof v === 'boolean'
      ? 'bool'
      : Array.isArray(v)
        ? '[]interface {}'
        : v === null
          ? '<nil>'
          : 'map[string]interface {}';
  throw new FunctionError(`Unsupported secret value type: ${goType}`);
}

function awsSecret(name: string, key: string, raw: boolean, env: Env): string {
  if (name === '') throw new FunctionError('At least one secret name must be provided');
  const reply = runRemoteRequest(
    {
      kind: 'aws',
      name,
      // Explicit, so the function env (not only process.env) decides; the SDK alone would not
      // read AWS_DEFAULT_REGION.
      region: env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined,
      endpoint: env.AWS_ENDPOINT_URL_SECRETS_MANAGER || env.AWS_ENDPOINT_URL || undefined,
    },
    env,
    'AWS Secrets Manager',
  ) as AwsSecretValue | null;
  if (reply?.secretString === undefined || reply.secretString === null)
    throw new FunctionError('Secret is not string');
  const text = reply.secretString;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text; // plain-text secrets are returned as they are
  }
  if (raw) return text;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const what = Array.isArray(parsed) ? 'array' : parsed === null ? 'null' : typeof parsed;
    throw new FunctionError(`json: cannot unmarshal ${what} into Go value of type map[string]interface {}`);
  }
  const obj = parsed as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (key === '' && keys.length > 1) throw new FunctionError('Secret has multiple values and no key was set');
  if (key === '' && keys.length === 1) return secretValueString(obj[keys[0]]);
  if (Object.prototype.hasOwnProperty.call(obj, key)) return secretValueString(obj[key]);
  throw new FunctionError(`No secret found for key ${JSON.stringify(key)}`);
}

function register(table: Map<string, FunctionSpec>, options: FunctionOptions): void {
  const env = (): Env => options.env ?? process.env;
  table.set('aws_secretsmanager', {
    params: [
      { name: 'name', type: StringType },
      { name: 'key', type: StringType, allowNull: true },
    ],
    returnType: () => StringType,
    impl: (args) => {
      const key = args[1].isNull() ? '' : args[1].asString();
      return Value.string(awsSecret(args[0].asString(), key, false, env()));
    },
  });
  table.set('aws_secretsmanager_raw', {
    params: [{ name: 'name', type: StringType }],
    returnType: () => StringType,
    impl: (args) => Value.string(awsSecret(args[0].asString(), '', true, env())),
  });
  table.set('consul_key', {
    params: [{ name: 'key', type: StringType }],
    returnType: () => StringType,
    impl: (args) => Value.string(consul(args[0].asString(), env())),
  });
  table.set('vault', {
    params: [
      { name: 'path', type: StringType },
      { name: 'key', type: StringType },
    ],
    returnType: () => StringType,
    impl: (args) => Value.string(vault(args[0].asString(), args[1].asString(), env())),
  });
}

registerFamily(register);
