import { goQuote } from '../../text/go-quote';
import { StringType, mapOf, objectOf } from '../../values/types';
import { Value } from '../../values/value';
import type { DataSource } from '../../schema/datasource';
import type { ComponentSchema, ConfigProblem, ConfigView, FieldSpec } from '../../schema/types';
import { goString, goStringMap } from '../../schema/go-fields';

/**
 * The data sources that ship inside Packer itself: `null` (returns its input, for trying data
 * sources out) and `http` (one HTTP request). Options, outputs and messages follow
 * datasource/null/data.go and datasource/http/data.go.
 */

const NULL_FIELDS = [
  {
    name: 'input',
    type: StringType,
    doc: 'The string returned as `output`.',
    required: 'The `input` must be specified',
  },
] as const satisfies readonly FieldSpec[];

export const NULL_DATASOURCE_SCHEMA: ComponentSchema<typeof NULL_FIELDS> = {
  kind: 'datasource',
  type: 'null',
  plugin: 'builtin',
  doc: 'Does nothing useful on purpose: its `output` is the `input` it was given. Handy for trying out data sources and their dependencies.',
  fields: NULL_FIELDS,
  output: objectOf({ output: StringType }),
};

const HTTP_METHODS = ['HEAD', 'GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'] as const;

const HTTP_FIELDS = [
  {
    name: 'url',
    type: StringType,
    doc: 'The URL to request.',
    required: 'the `url` must be specified',
  },
  {
    name: 'method',
    type: StringType,
    doc: `The HTTP method: one of ${HTTP_METHODS.map((m) => `\`${m}\``).join(', ')}.`,
    default: 'GET',
  },
  { name: 'request_headers', type: mapOf(StringType), doc: 'Extra request headers.' },
  { name: 'request_body', type: StringType, doc: 'The request payload; empty sends none.' },
] as const satisfies readonly FieldSpec[];

type HttpView = ConfigView<typeof HTTP_FIELDS>;

function validateHttp(view: HttpView): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const method = goString(view, 'method');
  // Unset or empty means GET; the check is case-sensitive, as Packer's is.
  if (method !== undefined && method !== '' && !(HTTP_METHODS as readonly string[]).includes(method)) {
    problems.push({ message: `the \`method\` must be one of [${HTTP_METHODS.join(' ')}]`, field: 'method' });
  }
  return problems;
}

export const HTTP_DATASOURCE_SCHEMA: ComponentSchema<typeof HTTP_FIELDS> = {
  kind: 'datasource',
  type: 'http',
  plugin: 'builtin',
  doc:
    'Makes one HTTP request and returns the response body and headers. A response outside the 2xx ' +
    'range is an error. Redirects are followed.',
  fields: HTTP_FIELDS,
  // Packer names the response headers `request_headers` in its output.
  output: objectOf({ url: StringType, body: StringType, request_headers: mapOf(StringType) }),
  validate: validateHttp,
};

export const CORE_DATASOURCE_SCHEMAS: readonly ComponentSchema[] = [
  NULL_DATASOURCE_SCHEMA,
  HTTP_DATASOURCE_SCHEMA,
];

export const NULL_DATA_SOURCE: DataSource<typeof NULL_FIELDS> = {
  schema: NULL_DATASOURCE_SCHEMA,
  execute: (config) =>
    Promise.resolve(Value.object({ output: Value.string(goString(config, 'input') ?? '') })),
};

/** Go's http.Client has no timeout; this one keeps a silent server from hanging a build forever. */
export const HTTP_DATASOURCE_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * The `http` data source. `timeoutMs` bounds the whole exchange, body included; the error then
 * reads like Go's for a request whose context expired.
 */
export function httpDataSource(timeoutMs = HTTP_DATASOURCE_TIMEOUT_MS): DataSource<typeof HTTP_FIELDS> {
  return {
    schema: HTTP_DATASOURCE_SCHEMA,
    execute: (config, signal) => executeHttp(config, signal, timeoutMs),
  };
}

async function executeHttp(config: HttpView, signal: AbortSignal, timeoutMs: number): Promise<Value> {
  signal.throwIfAborted();
  const url = goString(config, 'url') ?? '';
  const method = goString(config, 'method') || 'GET';
  const body = goString(config, 'request_body') ?? '';
  const headers = goStringMap(config, 'request_headers') ?? {};
  // Go's url.Error: the method with only its first letter upper case, the quoted URL, the cause.
  const fail = (cause: string): Error =>
    new Error(`${method[0]}${method.slice(1).toLowerCase()} ${goQuote(url)}: ${cause}`);
  if (body !== '' && (method === 'GET' || method === 'HEAD')) {
    // Go sends it; the fetch standard forbids it, so say so rather than drop the body.
    throw fail(`a request body cannot be sent with ${method} here; use POST or another method`);
  }

  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const both = AbortSignal.any([signal, timeout.signal]);
  try {
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === '' ? undefined : body,
        signal: both,
        redirect: 'follow',
      });
    } catch (e) {
      signal.throwIfAborted();
      if (timeout.signal.aborted) throw fail('context deadline exceeded');
      throw fail(fetchErrorText(e));
    }
    if (response.status < 200 || response.status >= 300) {
      await response.body?.cancel();
      throw new Error(`HTTP request error. Response code: ${response.status}`);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (e) {
      signal.throwIfAborted();
      if (timeout.signal.aborted) throw fail('context deadline exceeded');
      throw fail(fetchErrorText(e));
    }
    const responseHeaders: Record<string, Value> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[canonicalHeaderKey(name)] = Value.string(value);
    });
    return Value.object({
      url: Value.string(url),
      body: Value.string(text),
      request_headers: Value.map(responseHeaders, StringType),
    });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * fetch reports "fetch failed" and hides the reason in `cause` (ECONNREFUSED, a bad URL...), an
 * AggregateError with an empty message when several addresses were tried. Errors may come from
 * another realm, so they are read by shape rather than with instanceof.
 */
function fetchErrorText(e: unknown): string {
  const message = (x: unknown): string =>
    typeof x === 'object' && x !== null && typeof (x as { message?: unknown }).message === 'string'
      ? (x as { message: string }).message
      : '';
  const cause = typeof e === 'object' && e !== null ? (e as { cause?: unknown }).cause : undefined;
  const inner =
    typeof cause === 'object' && cause !== null ? (cause as { errors?: unknown }).errors : undefined;
  const candidates = [message(cause), Array.isArray(inner) ? message(inner[0]) : '', message(e)];
  return candidates.find((m) => m !== '') ?? String(e);
}

/** textproto.CanonicalMIMEHeaderKey: `content-type` → `Content-Type`, as Go's response headers are keyed. */
function canonicalHeaderKey(name: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return name;
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

export const CORE_DATA_SOURCES: readonly DataSource[] = [NULL_DATA_SOURCE, httpDataSource()];
