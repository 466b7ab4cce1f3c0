import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { EvalContext } from '../../src/eval/context';
import { evaluate } from '../../src/eval/evaluate';
import { parseExpression } from '../../src/hcl/syntax/parser';
import {
  CORE_DATA_SOURCES,
  httpDataSource,
  NULL_DATASOURCE_SCHEMA,
} from '../../src/components/core/datasources';
import type { DataSource } from '../../src/schema/datasource';
import { objectOf, StringType, typeEquals } from '../../src/values/types';
import { renderConsole } from '../../src/values/render';
import { Value } from '../../src/values/value';
import { load, summaries } from './helpers';
import { tempTemplate } from '../support/temp';

/** Evaluates an expression in a given context and renders it as `packer console` would. */
function showIn(ctx: EvalContext, src: string): string {
  const parsed = parseExpression(src, '<test>');
  const r = evaluate(parsed.expr, ctx);
  if (r.diagnostics.length) return `!${r.diagnostics.map((d) => d.summary).join('; ')}`;
  return renderConsole(r.value);
}

const CHAIN = `
locals {
  base    = "hello"
  derived = "\${data.null.second.output}!"
}
data "null" "second" {
  input = "\${data.null.first.output}-2"
}
data "null" "first" {
  input = local.base
}
`;

describe('data sources and locals in one graph', () => {
  it('executes data sources after what they refer to, and locals after data sources', async () => {
    const s = await load(tempTemplate({ 't.pkr.hcl': CHAIN }), { dataSources: 'execute' });
    expect(s.diagnostics).toEqual([]);
    expect(s.initDiagnostics).toEqual([]);
    expect(s.dataSources.map((d) => `${d.type}.${d.name}`)).toEqual(['null.second', 'null.first']);
    expect(s.locals.get('derived')?.asString()).toBe('hello-2!');
    expect(s.dataValues.get('null.first')?.getAttr('output')?.asString()).toBe('hello');
    const build = s.contextFor('build');
    expect(showIn(build, 'data.null.second.output')).toBe('hello-2');
    expect(showIn(build, 'keys(data.null)')).toBe('[\n  "first",\n  "second",\n]');
  });

  it('yields unknown values of the output type unless told to execute', async () => {
    const s = await load(tempTemplate({ 't.pkr.hcl': CHAIN }));
    expect(s.initDiagnostics).toEqual([]);
    const first = s.dataValues.get('null.first') as Value;
    expect(first.isKnown()).toBe(false);
    expect(typeEquals(first.type, objectOf({ output: StringType }))).toBe(true);
    expect(s.locals.get('derived')?.isKnown()).toBe(false);
    expect(s.locals.get('base')?.asString()).toBe('hello');
  });

  it('keeps data out of the console context, as Packer does, and puts it in the build context', async () => {
    const s = await load(tempTemplate({ 't.pkr.hcl': CHAIN }), { dataSources: 'execute' });
    expect(showIn(s.context, 'data')).toBe('!Unknown variable');
    expect(showIn(s.context, 'local.derived')).toBe('hello-2!');
    expect(showIn(s.contextFor('local'), 'data.null.first.output')).toBe('hello');
  });

  it('reports cycles through data sources and locals with Packer vertex names', async () => {
    const dir = tempTemplate({
      't.pkr.hcl':
        'data "null" "a" {\n  input = local.x\n}\nlocals {\n  x = data.null.a.output\n  y = data.null.nope.output\n  ok = 1\n}\n' +
        'data "null" "self" {\n  input = data.null.self.output\n}\n',
    });
    const s = await load(dir, { dataSources: 'execute' });
    expect(summaries(s.initDiagnostics)).toEqual(['failed to prepare execution graph']);
    expect(s.initDiagnostics[0].detail).toBe(
      'An error occurred while building the graph for datasources/locals: 2 errors occurred:\n' +
        '\t* could not get dependency "data.null.nope" for "local.y", "data.null.nope" missing in template\n' +
        '\t* Cycle: null.a, local.x\nSelf reference: null.self\n\n',
    );
    expect(s.initDiagnostics[0].subject?.start.line).toBe(1);
    expect([...s.locals.keys()]).toEqual(['ok']);
    expect(s.dataValues.size).toBe(0);
  });

  it('finds references in nested and dynamic blocks and in whole-object uses', async () => {
    const nested: DataSource = {
      schema: {
        kind: 'datasource',
        type: 'nested',
        plugin: 'builtin',
        doc: 'A test data source with a repeated block.',
        fields: [
          {
            name: 'item',
            type: {
              kind: 'block',
              repeated: true,
              fields: [{ name: 'v', type: StringType, doc: 'A value.' }],
            },
            doc: 'Items.',
          },
        ],
        output: objectOf({ joined: StringType }),
      },
      execute: (config) =>
        Promise.resolve(
          Value.object({
            joined: Value.string(
              config
                .blocks('item')
                .map((b) => b.string('v'))
                .join(','),
            ),
          }),
        ),
    };
    const dir = tempTemplate({
      't.pkr.hcl':
        'data "nested" "n" {\n  item {\n    v = local.a\n  }\n  dynamic "item" {\n    for_each = local.list\n    content {\n      v = item.value\n    }\n  }\n}\n' +
        'locals {\n  a = "first"\n  list = [data.null.x.output, "z"]\n  all = data.nested\n}\n' +
        'data "null" "x" {\n  input = "y"\n}\n',
    });
    const s = await load(dir, { dataSources: 'execute', dataSourceRuntimes: [nested, ...CORE_DATA_SOURCES] });
    expect(s.initDiagnostics).toEqual([]);
    expect(s.dataValues.get('nested.n')?.getAttr('joined')?.asString()).toBe('first,y,z');
    expect(showIn(s.context, 'local.all.n.joined')).toBe('first,y,z');
  });
});

describe('data blocks', () => {
  it('reports bad names, duplicates and unknown types', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': 'data "null" "x" {\n  input = "1"\n}\ndata "1bad" "y" {\n}\ndata "null" "2bad" {\n}\n',
      'b.pkr.hcl': 'data "null" "x" {\n  input = "2"\n}\ndata "nope" "z" {\n}\n',
    });
    const s = await load(dir);
    expect(s.diagnostics.map((d) => [d.summary, d.subject?.filename, d.subject?.start.line])).toEqual([
      ['Invalid data source name', 'a.pkr.hcl', 4],
      ['Invalid data resource name', 'a.pkr.hcl', 6],
      ['Duplicate data block', 'b.pkr.hcl', 1],
    ]);
    expect(s.diagnostics[2].detail).toBe(
      'This data block has the same data type and name as a previous block declared at a.pkr.hcl:1,1-16. Each data must have a unique name per builder type.',
    );
    // An unknown type is found when the data source is started, while initialising.
    expect(s.initDiagnostics.map((d) => [d.summary, d.detail, d.subject?.start.column])).toEqual([
      [
        'Unknown data type nope',
        'known data sources: [amazon-ami amazon-parameterstore amazon-secretsmanager http null]',
        6,
      ],
    ]);
    expect([...s.dataValues.keys()]).toEqual(['null.x']);
  });

  it('decodes the body with the data source schema, and reports its problems', async () => {
    const dir = tempTemplate({
      't.pkr.hcl':
        'data "null" "a" {\n}\ndata "null" "b" {\n  input = ""\n}\ndata "null" "c" {\n  inptu = "x"\n}\n' +
        'data "http" "d" {\n  url = "http://127.0.0.1:1/"\n  method = "get"\n}\nlocals {\n  l = data.null.a.output\n}\n',
    });
    const s = await load(dir);
    expect(s.initDiagnostics.map((d) => [d.summary, d.subject?.start.line])).toEqual([
      ['The `input` must be specified', 1],
      ['The `input` must be specified', 4],
      ['Unsupported argument', 7],
      ['the `method` must be one of [HEAD GET POST PUT DELETE OPTIONS PATCH]', 11],
    ]);
    // What depends on a failed data source is not evaluated.
    expect(s.locals.size).toBe(0);
  });

  it('passes the null data source input through', async () => {
    const dir = tempTemplate({
      't.pkr.hcl':
        'variable "v" {\n  default = "from var"\n}\ndata "null" "a" {\n  input = upper(var.v)\n}\nlocals {\n  out = data.null.a.output\n}\n',
    });
    const s = await load(dir, { dataSources: 'execute' });
    expect(s.initDiagnostics).toEqual([]);
    expect(s.locals.get('out')?.asString()).toBe('FROM VAR');
    expect(NULL_DATASOURCE_SCHEMA.output).toEqual(objectOf({ output: StringType }));
  });
});

describe('data source types', () => {
  it('checks data sources Kiln knows only by schema, but cannot execute them', async () => {
    const dir = tempTemplate({ 't.pkr.hcl': 'data "null" "a" {\n  input = "x"\n}\n' });
    const checked = await load(dir, { dataSourceRuntimes: [] });
    expect(checked.initDiagnostics).toEqual([]);
    expect(checked.dataValues.get('null.a')?.isKnown()).toBe(false);
    const executed = await load(dir, { dataSources: 'execute', dataSourceRuntimes: [] });
    expect(executed.initDiagnostics.map((d) => [d.summary, d.detail])).toEqual([
      [
        'failed to start datasource plugin "null.a"',
        'Kiln can check the configuration of null data sources but cannot run them.',
      ],
    ]);
  });
});

describe('the http data source', () => {
  let server: http.Server;
  let base: string;
  const requests: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        requests.push({ method: req.method, url: req.url, headers: req.headers, body });
        if (req.url === '/missing') {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('not here');
        } else if (req.url === '/redirect') {
          res.writeHead(302, { location: '/ok' });
          res.end();
        } else if (req.url === '/hang') {
          // Never answers: the data source's timeout or the signal must end the request.
        } else {
          res.writeHead(200, { 'content-type': 'application/json', 'x-custom-thing': 'a' });
          res.end(JSON.stringify({ path: req.url, method: req.method }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    requests.length = 0;
  });

  const template = (body: string): string => `data "http" "h" {\n${body}\n}\n`;

  it('sends the method, headers and body, and returns the url, body and response headers', async () => {
    const dir = tempTemplate({
      't.pkr.hcl': template(
        `  url = "${base}/ok"\n  method = "POST"\n  request_headers = {\n    Accept = "application/json"\n    x-token = "t"\n  }\n  request_body = "payload"`,
      ),
    });
    const s = await load(dir, { dataSources: 'execute' });
    expect(s.initDiagnostics).toEqual([]);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/ok', body: 'payload' });
    expect(requests[0].headers).toMatchObject({ accept: 'application/json', 'x-token': 't' });
    const build = s.contextFor('build');
    expect(showIn(build, 'data.http.h.url')).toBe(`${base}/ok`);
    expect(showIn(build, 'jsondecode(data.http.h.body).method')).toBe('POST');
    expect(showIn(build, 'data.http.h.request_headers["Content-Type"]')).toBe('application/json');
    expect(showIn(build, 'data.http.h.request_headers["X-Custom-Thing"]')).toBe('a');
  });

  it('uses GET by default and follows redirects', async () => {
    const s = await load(tempTemplate({ 't.pkr.hcl': template(`  url = "${base}/redirect"`) }), {
      dataSources: 'execute',
    });
    expect(s.initDiagnostics).toEqual([]);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /redirect', 'GET /ok']);
    expect(showIn(s.contextFor('build'), 'jsondecode(data.http.h.body).path')).toBe('/ok');
  });

  it('does not send requests unless executing', async () => {
    const s = await load(tempTemplate({ 't.pkr.hcl': template(`  url = "${base}/ok"`) }));
    expect(s.initDiagnostics).toEqual([]);
    expect(requests).toHaveLength(0);
    expect(s.dataValues.get('http.h')?.isKnown()).toBe(false);
  });

  it('fails on a response outside 2xx, at the block', async () => {
    const dir = tempTemplate({
      't.pkr.hcl': template(`  url = "${base}/missing"`) + 'locals {\n  b = data.http.h.body\n}\n',
    });
    const s = await load(dir, { dataSources: 'execute' });
    expect(s.initDiagnostics.map((d) => [d.summary, d.subject?.start.line, d.subject?.end.line])).toEqual([
      ['HTTP request error. Response code: 404', 1, 1],
    ]);
    expect(s.dataValues.size).toBe(0);
    expect(s.locals.size).toBe(0);
  });

  it('reports a connection failure like Go does', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const s = await load(tempTemplate({ 't.pkr.hcl': template(`  url = "http://127.0.0.1:${port}/x"`) }), {
      dataSources: 'execute',
    });
    expect(summaries(s.initDiagnostics)).toEqual([
      `Get "http://127.0.0.1:${port}/x": connect ECONNREFUSED 127.0.0.1:${port}`,
    ]);
  });

  it('gives up after its timeout', async () => {
    const s = await load(tempTemplate({ 't.pkr.hcl': template(`  url = "${base}/hang"`) }), {
      dataSources: 'execute',
      dataSourceRuntimes: [httpDataSource(200)],
    });
    expect(summaries(s.initDiagnostics)).toEqual([`Get "${base}/hang": context deadline exceeded`]);
  });

  it('stops when the signal is aborted, and loading rejects with its reason', async () => {
    const controller = new AbortController();
    const loading = load(tempTemplate({ 't.pkr.hcl': template(`  url = "${base}/hang"`) }), {
      dataSources: 'execute',
      signal: controller.signal,
    });
    while (requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const reason = new Error('interrupted');
    controller.abort(reason);
    await expect(loading).rejects.toBe(reason);
  });

  it('refuses a body with GET rather than dropping it', async () => {
    const s = await load(
      tempTemplate({ 't.pkr.hcl': template(`  url = "${base}/ok"\n  request_body = "x"`) }),
      {
        dataSources: 'execute',
      },
    );
    expect(summaries(s.initDiagnostics)).toEqual([
      `Get "${base}/ok": a request body cannot be sent with GET here; use POST or another method`,
    ]);
    expect(requests).toHaveLength(0);
  });
});
