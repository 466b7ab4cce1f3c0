import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { callFunction } from '../eval/functions/call';
import { FunctionArgError, FunctionError } from '../eval/functions/function';
import { packerFunctions } from '../eval/functions/index';
import { goToLower, goToUpper } from '../eval/functions/support/go-strings';
import { type GoTime, formatGoLayout, formatRFC3339, fromDate } from '../eval/functions/support/go-time';
import { strftime } from '../eval/functions/support/strftime';
import { Value } from '../values/value';
import { PACKER_COMPAT_VERSION } from '../version';
import { type ArgValue, FunctionFailure, type TemplateFunction, Unavailable } from './function-table';
import type { InterpolationContext } from './types';

/**
 * Packer's template functions (packer-plugin-sdk template/interpolate FuncGens), bound to one
 * context, with the SDK's signatures and error messages. `env`, `consul_key`, `vault` and the AWS
 * Secrets Manager functions work only where Packer enables them (ctx.env given: legacy variable
 * defaults); elsewhere they fail with Packer's "not allowed here" messages.
 */

/** Packer's InitTime: read once, so every timestamp of a run agrees when ctx.now is not given. */
const PROCESS_START = new Date();

/** packerbuilderdata.PlaceholderMsg: data a provisioner only gets through the `build` function. */
const BUILD_PLACEHOLDER = 'To set this dynamically in the Packer template, you must use the `build` function';

function fail(message: string): never {
  throw new FunctionFailure(message);
}

function str(a: ArgValue): string {
  return a as string;
}

/** strings.Replace: at most n replacements (all when n < 0); an empty old inserts around each rune. */
export function goReplace(s: string, old: string, replacement: string, n: bigint): string {
  if (old === replacement || n === 0n) return s;
  if (old === '') {
    const runes = [...s];
    const limit = n < 0n || BigInt(runes.length + 1) < n ? runes.length + 1 : Number(n);
    let out = '';
    for (let i = 0; i < limit; i++) out += replacement + (runes[i] ?? '');
    return out + runes.slice(limit).join('');
  }
  const parts = s.split(old);
  const m = parts.length - 1;
  if (m === 0) return s;
  const limit = n < 0n || BigInt(m) < n ? m : Number(n);
  return (
    parts.slice(0, limit + 1).join(replacement) + (limit < m ? old + parts.slice(limit + 1).join(old) : '')
  );
}

/** uuid.TimeOrderedUUID: the Unix time in hex, then random bytes. */
function timeOrderedUuid(): string {
  const unix = (Math.floor(Date.now() / 1000) >>> 0).toString(16).padStart(8, '0');
  const b = randomBytes(12).toString('hex');
  return `${unix}-${b.slice(0, 4)}-${b.slice(4, 8)}-${b.slice(8, 12)}-${b.slice(12, 24)}`;
}

/** Calls one of the HCL remote functions (src/eval/functions/remote.ts) with Go-template arguments. */
function remote(name: string, args: readonly string[], ctx: InterpolationContext): string {
  const table = packerFunctions({
    baseDir: ctx.cwd ?? process.cwd(),
    env: ctx.env,
    now: () => initTime(ctx),
  });
  const spec = table.get(name);
  if (spec === undefined) throw new Error(`the HCL function ${name} is missing`);
  try {
    return callFunction(
      spec,
      args.map((a) => Value.string(a)),
    ).asString();
  } catch (e) {
    if (e instanceof FunctionError || e instanceof FunctionArgError) fail(e.message);
    throw e;
  }
}

function initTime(ctx: InterpolationContext): Date {
  return ctx.now ?? PROCESS_START;
}

function requireEnv(ctx: InterpolationContext, message: string): void {
  if (ctx.env === undefined) fail(message);
}

function clock(ctx: InterpolationContext): GoTime {
  return fromDate(initTime(ctx));
}

const FUNCTIONS = new Map<string, TemplateFunction>();
function define(name: string, fn: TemplateFunction): void {
  FUNCTIONS.set(name, fn);
}

define('build_name', {
  params: [],
  impl: (_args, ctx) => (ctx.buildName ? ctx.buildName : unavailable('build_name not available')),
});
define('build_type', {
  params: [],
  impl: (_args, ctx) => (ctx.buildType ? ctx.buildType : unavailable('build_type not available')),
});
define('env', {
  params: ['string'],
  impl: ([k], ctx) => {
    requireEnv(ctx, 'env vars are not allowed here');
    return ctx.env?.[str(k)] ?? '';
  },
});
define('isotime', {
  params: [],
  variadic: 'string',
  impl: (format, ctx) => {
    if (format.length === 0) return formatRFC3339(clock(ctx));
    if (format.length > 1) fail(`too many values, 1 needed: [${format.join(' ')}]`);
    return formatGoLayout(clock(ctx), str(format[0]));
  },
});
define('strftime', { params: ['string'], impl: ([f], ctx) => strftime(str(f), clock(ctx)) });
define('pwd', { params: [], impl: (_args, ctx) => ctx.cwd ?? process.cwd() });
define('split', {
  params: ['string', 'string', 'int'],
  impl: ([k, sep, i]) => {
    const parts = str(sep) === '' ? [...str(k)] : str(k).split(str(sep));
    const n = i as bigint;
    if (n < 0n) fail(`runtime error: index out of range [${n}]`);
    if (BigInt(parts.length) <= n)
      fail(
        `the substring ${n} was unavailable using the separator value, ${str(sep)}, only ${parts.length} values were found`,
      );
    return parts[Number(n)];
  },
});
define('template_dir', {
  params: [],
  impl: (_args, ctx) =>
    ctx.templateDir !== undefined && ctx.templateDir !== ''
      ? path.resolve(ctx.cwd ?? process.cwd(), ctx.templateDir)
      : unavailable('template path not available'),
});
define('timestamp', {
  params: [],
  impl: (_args, ctx) => String(Math.floor(initTime(ctx).getTime() / 1000)),
});
define('uuid', { params: [], impl: (_args, ctx) => (ctx.uuid ? ctx.uuid() : timeOrderedUuid()) });
define('user', {
  params: ['string'],
  impl: ([k], ctx) => {
    // Packer's own (odd) message when no user variables were given.
    if (ctx.userVariables === undefined) unavailable('test');
    const v = ctx.userVariables.get(str(k));
    // While variables themselves are rendered, an unset one is an error so the caller can retry.
    if (v === undefined && ctx.env !== undefined) unavailable(`Error: variable not set: ${str(k)}`);
    return v ?? '';
  },
});
define('packer_version', { params: [], impl: (_args, ctx) => ctx.packerVersion ?? PACKER_COMPAT_VERSION });
define('consul_key', {
  params: ['string'],
  impl: ([key], ctx) => {
    requireEnv(ctx, 'consul_key is not allowed here');
    return remote('consul_key', [str(key)], ctx);
  },
});
define('vault', {
  params: ['string', 'string'],
  impl: ([p, key], ctx) => {
    requireEnv(ctx, 'Vault vars are only allowed in the variables section');
    return remote('vault', [str(p), str(key)], ctx);
  },
});
define('aws_secretsmanager', {
  params: [],
  variadic: 'string',
  impl: (secret, ctx) => {
    requireEnv(ctx, 'AWS Secrets Manager is only allowed in the variables section');
    if (secret.length === 0) fail('secret name must be provided');
    if (secret.length > 2) fail('only secret name and optional secret key can be provided.');
    return remote('aws_secretsmanager', [str(secret[0]), secret.length > 1 ? str(secret[1]) : ''], ctx);
  },
});
define('aws_secretsmanager_raw', {
  params: ['string'],
  impl: ([name], ctx) => {
    requireEnv(ctx, 'AWS Secrets Manager is only allowed in the variables section');
    return remote('aws_secretsmanager_raw', [str(name)], ctx);
  },
});
define('sed', {
  params: ['string', 'string'],
  impl: () =>
    fail(
      'template function `sed` is deprecated use `replace` or `replace_all` instead.' +
        'Documentation: https://www.packer.io/docs/templates/engine',
    ),
});
define('build', {
  params: ['string'],
  impl: ([name], ctx) => buildValue(ctx, str(name)),
});
define('replace', {
  params: ['string', 'string', 'int', 'string'],
  impl: ([old, rep, n, src]) => goReplace(str(src), str(old), str(rep), n as bigint),
});
define('replace_all', {
  params: ['string', 'string', 'string'],
  impl: ([old, rep, src]) => goReplace(str(src), str(old), str(rep), -1n),
});
define('upper', { params: ['string'], impl: ([s]) => goToUpper(str(s)) });
define('lower', { params: ['string'], impl: ([s]) => goToLower(str(s)) });

/** Packer's functions (the SDK's FuncGens); each reads the context it is called with. */
export const PACKER_TEMPLATE_FUNCTIONS: ReadonlyMap<string, TemplateFunction> = FUNCTIONS;

function unavailable(message: string): never {
  throw new Unavailable(message);
}

/** `{{ build `Name` }}`: generated data, or the `{{.Name}}` placeholder until it exists. */
function buildValue(ctx: InterpolationContext, name: string): string {
  const notPassed = `Error validating build variable: the given variable ${name} will not be passed into your plugin.`;
  if (ctx.data === undefined) unavailable(notPassed);
  // Only map data (generated data) can be read this way.
  if (ctx.dataType !== undefined) fail(notPassed);
  const v = Object.prototype.hasOwnProperty.call(ctx.data, name) ? ctx.data[name] : undefined;
  if (typeof v === 'string') return v.includes(BUILD_PLACEHOLDER) ? `{{.${name}}}` : v;
  const notFound = `loaded data, but couldnt find ${name} in it.`;
  if (v === undefined) unavailable(notFound);
  return fail(notFound);
}
