import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';

import { tempTemplate } from '../support/temp';
import { kiln } from '../support/kiln';
import { fixturePath } from '../support/fixtures';

// Component checks (script and key files exist...) resolve relative paths against the process's
// working directory, as Packer's do, so each run also changes into the directory it claims as cwd.

const corpus = fixturePath('corpus');

interface JsonDiagnostic {
  severity: string;
  summary: string;
  range?: { filename: string; start: { line: number; column: number } };
}

async function validateJSON(
  dir: string,
  extra: string[] = [],
): Promise<{ code: number; body: { valid: boolean; diagnostics: JsonDiagnostic[]; builds: string[] } }> {
  const r = await kiln(['validate', '-format=json', ...extra, '.'], dir);
  return { code: r.code, body: JSON.parse(r.out) };
}

describe('kiln validate on a corpus of realistic templates', () => {
  it.each(
    [
      ['aws-multi-file'],
      ['docker-pipeline'],
      ['-evaluate-datasources', 'dynamic-blocks'],
      ['null-ssh'],
      ['windows-provisioners'],
      ['legacy-docker/template.json'],
    ].map((args) => [args.join(' '), args] as const),
  )('%s is valid', async (_title, args) => {
    const r = await kiln(['validate', ...args], corpus);
    expect(r.err).toBe('');
    expect(r.out).toBe('The configuration is valid.\n');
    expect(r.code).toBe(0);
  });

  it('checks an option fed by a data source not run at validate time as "<unknown>", as Packer does', async () => {
    // The AMI name comes from a data source: without -evaluate-datasources the plugin sees
    // Packer's placeholder, which is not a valid AMI name (Packer's local-ds-validate case).
    const r = await kiln(['validate', 'dynamic-blocks'], corpus);
    expect(r.code).toBe(1);
    expect(r.err).toContain('AMIName should only contain alphanumeric characters');
    expect(r.err).toContain('ami_name      = local.image_name');
  });

  it('lists the builds it validated in JSON form', async () => {
    const r = await kiln(['validate', '-format=json', 'docker-pipeline'], corpus);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out);
    expect(body).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });
    // Packer's order: the `sources` list first, then the nested source blocks.
    expect(body.builds).toEqual(['images.docker.export', 'images.docker.app', 'images.docker.worker']);
  });

  it('selects builds with -only and -except globs', async () => {
    const only = await kiln(['validate', '-format=json', '-only=*.app,*.worker', 'docker-pipeline'], corpus);
    expect(JSON.parse(only.out).builds).toEqual(['images.docker.app', 'images.docker.worker']);
    const except = await kiln(
      ['validate', '-format=json', '-except=images.docker.w*', 'docker-pipeline'],
      corpus,
    );
    expect(JSON.parse(except.out).builds).toEqual(['images.docker.export', 'images.docker.app']);
  });

  it('matches legacy JSON build names exactly', async () => {
    const r = await kiln(
      ['validate', '-format=json', '-only=exporter', 'legacy-docker/template.json'],
      corpus,
    );
    expect(JSON.parse(r.out).builds).toEqual(['exporter']);
    const glob = await kiln(
      ['validate', '-format=json', '-only=export*', 'legacy-docker/template.json'],
      corpus,
    );
    expect(JSON.parse(glob.out).builds).toEqual([]);
  });
});

describe('kiln validate reports every problem with its position', () => {
  const cases: [string, Record<string, string>, string, number, number][] = [
    [
      'unknown argument',
      {
        'a.pkr.hcl':
          'source "docker" "x" {\n  imag   = "debian"\n  commit = true\n}\nbuild { sources = ["docker.x"] }\n',
      },
      'Unsupported argument',
      2,
      3,
    ],
    [
      'wrong type',
      {
        'a.pkr.hcl':
          'source "docker" "x" {\n  image  = "debian"\n  commit = "maybe"\n}\nbuild { sources = ["docker.x"] }\n',
      },
      'Incorrect attribute value type',
      3,
      12,
    ],
    [
      'bad duration',
      {
        'a.pkr.hcl':
          'source "null" "x" {\n  ssh_host     = "127.0.0.1"\n  ssh_username = "u"\n  ssh_timeout  = "5 minutes"\n}\nbuild { sources = ["null.x"] }\n',
      },
      'Failed parsing ssh_timeout',
      4,
      3,
    ],
    [
      'unknown provisioner type',
      {
        'a.pkr.hcl':
          'source "file" "x" {\n  content = "a"\n  target  = "b"\n}\nbuild {\n  sources = ["file.x"]\n  provisioner "shel" {}\n}\n',
      },
      'Unknown provisioner type "shel"',
      7,
      3,
    ],
    [
      'unknown source in a build',
      {
        'a.pkr.hcl':
          'source "file" "x" {\n  content = "a"\n  target  = "b"\n}\nbuild {\n  sources = ["file.y"]\n}\n',
      },
      'Unknown source file.y',
      6,
      14,
    ],
    [
      'locals cycle',
      { 'a.pkr.hcl': 'locals {\n  a = local.b\n  b = local.a\n}\n' },
      'failed to prepare execution graph',
      2,
      7,
    ],
    [
      'unset variable',
      { 'a.pkr.hcl': 'variable "region" {\n  type = string\n}\n' },
      'Unset variable "region"',
      1,
      1,
    ],
    [
      'variable validation',
      {
        'a.pkr.hcl':
          'variable "size" {\n  default = 3\n  validation {\n    condition     = var.size > 5\n    error_message = "The size must be above 5."\n  }\n}\n',
      },
      'Invalid value for default variable',
      2,
      13,
    ],
    [
      'required_version',
      { 'a.pkr.hcl': 'packer {\n  required_version = ">= 99.0.0"\n}\n' },
      'Unsupported Packer Core version',
      2,
      3,
    ],
    [
      'duplicate argument through a nested source',
      {
        'a.pkr.hcl':
          'source "file" "x" {\n  content = "a"\n  target  = "b"\n}\nbuild {\n  source "file.x" {\n    target = "c"\n  }\n}\n',
      },
      'Duplicate argument',
      7,
      5,
    ],
    [
      'dynamic block with a bad for_each',
      {
        'a.pkr.hcl':
          'source "amazon-ebs" "x" {\n  region        = "us-east-1"\n  instance_type = "t3.micro"\n  ami_name      = "abc"\n  source_ami    = "ami-1"\n  ssh_username  = "u"\n  dynamic "tag" {\n    for_each = 3\n    content {\n      key   = "a"\n      value = "b"\n    }\n  }\n}\nbuild { sources = ["amazon-ebs.x"] }\n',
      },
      'Invalid dynamic for_each value',
      8,
      16,
    ],
    [
      'an option string that is not a Go template',
      {
        'a.pkr.hcl':
          'source "file" "x" {\n  content = "ok {{timestamp}}"\n  target  = "b"\n}\nbuild {\n  sources = ["file.x"]\n  provisioner "shell" {\n    execute_command = "{{ .Vars }} {{if}}"\n    inline          = ["echo {{ .Path }}"]\n  }\n}\n',
      },
      'Invalid template in execute_command',
      8,
      5,
    ],
    [
      'legacy JSON with an unknown root key',
      {
        'template.json':
          '{\n  "builders": [{"type": "file", "content": "a", "target": "b"}],\n  "provisoners": []\n}\n',
      },
      "Unknown root level key in template: 'provisoners'",
      3,
      3,
    ],
  ];

  it.each(cases)('%s', async (_name, files, summary, line, column) => {
    const dir = tempTemplate(files);
    const target = Object.keys(files).some((f) => f.endsWith('template.json')) ? 'template.json' : '.';
    const text = await kiln(['validate', target], dir);
    expect(text.code).toBe(1);
    expect(text.err).toContain(summary);
    const json = await kiln(['validate', '-format=json', target], dir);
    expect(json.code).toBe(1);
    const body = JSON.parse(json.out) as { valid: boolean; diagnostics: JsonDiagnostic[] };
    expect(body.valid).toBe(false);
    const found = body.diagnostics.find((d) => d.summary.includes(summary));
    expect(found?.range?.start).toMatchObject({ line, column });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports every problem of a build, not just the first', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl':
        'source "docker" "x" {\n  imag    = "debian"\n  commit  = "maybe"\n}\nsource "file" "y" {\n  nope = 1\n}\nbuild { sources = ["docker.x", "file.y"] }\n',
    });
    const { code, body } = await validateJSON(dir);
    expect(code).toBe(1);
    expect(body.diagnostics.map((d) => `${d.summary}@${d.range?.start.line}`)).toEqual([
      'Unsupported argument@2',
      'Incorrect attribute value type@3',
      'Unsupported argument@6',
    ]);
  });
});

describe('kiln validate options', () => {
  const template = {
    'a.pkr.hcl':
      'variable "secret" {\n  type      = string\n  sensitive = true\n}\nvariable "size" {\n  type    = number\n  default = 1\n}\nsource "file" "x" {\n  content = var.secret\n  target  = "out-${var.size}"\n}\nbuild { sources = ["file.x"] }\n',
  };

  it('-syntax-only stops before checking values', async () => {
    const dir = tempTemplate(template);
    const full = await kiln(['validate', '.'], dir);
    expect(full.code).toBe(1);
    expect(full.err).toContain('Unset variable "secret"');
    const syntax = await kiln(['validate', '-syntax-only', '.'], dir);
    expect(syntax).toMatchObject({ code: 0, out: 'Syntax-only check passed. Everything looks okay.\n' });
  });

  it('takes values from -var, -var-file and PKR_VAR_, and never prints sensitive ones', async () => {
    const dir = tempTemplate({ ...template, 'v.pkrvars.hcl': 'size = "two"\n' });
    const ok = await kiln(['validate', '-var', 'secret=hunter2-value', '.'], dir);
    expect(ok.code).toBe(0);
    const env = await kiln(['validate', '.'], dir, { env: { PKR_VAR_secret: 'hunter2-value' } });
    expect(env.code).toBe(0);
    const bad = await kiln(
      ['validate', '-var', 'secret=hunter2-value', '-var-file', 'v.pkrvars.hcl', '.'],
      dir,
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Invalid value for variable');
    const inspect = await kiln(['inspect', '-var', 'secret=hunter2-value', '.'], dir);
    const json = await kiln(['inspect', '-format=json', '-var', 'secret=hunter2-value', '.'], dir);
    for (const r of [ok, env, bad, inspect, json]) expect(r.out + r.err).not.toContain('hunter2-value');
    expect(inspect.out).toContain('var.secret: "<sensitive>"');
  });

  it('rejects an undeclared -var and warns about undeclared names in var files unless told not to', async () => {
    const dir = tempTemplate({ ...template, 'v.pkrvars.hcl': 'other = 1\n' });
    const undeclared = await kiln(['validate', '-var', 'nope=1', '-var', 'secret=s', '.'], dir);
    expect(undeclared.code).toBe(1);
    expect(undeclared.err).toContain('Undefined -var variable');
    const warned = await kiln(['validate', '-var', 'secret=s', '-var-file', 'v.pkrvars.hcl', '.'], dir);
    expect(warned.code).toBe(0);
    expect(warned.out).toContain('Warning: Undefined variable');
    const quiet = await kiln(
      ['validate', '-no-warn-undeclared-var', '-var', 'secret=s', '-var-file', 'v.pkrvars.hcl', '.'],
      dir,
    );
    expect(quiet).toMatchObject({ code: 0, out: 'The configuration is valid.\n' });
  });

  it('prints usage and exits 1 without exactly one template, or with a bad flag', async () => {
    for (const args of [
      ['validate'],
      ['validate', 'a', 'b'],
      ['validate', '-bogus', '.'],
      ['validate', '-format=xml', '.'],
    ]) {
      const r = await kiln(args, corpus);
      expect(r.code).toBe(1);
      expect(r.out).toContain('Usage: kiln validate');
    }
  });
});

describe('data sources at validate time', () => {
  let server: http.Server;
  let hits = 0;
  let url = '';
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      hits++;
      res.setHeader('content-type', 'text/plain');
      res.end('1.2.3');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/version`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('leaves them unknown unless -evaluate-datasources is given', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': `data "http" "version" {\n  url = "${url}"\n}\nsource "file" "x" {\n  content = data.http.version.body\n  target  = "v.txt"\n}\nbuild { sources = ["file.x"] }\n`,
    });
    const lazy = await kiln(['validate', '.'], dir);
    expect(lazy.code).toBe(0);
    expect(hits).toBe(0);
    const eager = await kiln(['validate', '-evaluate-datasources', '.'], dir);
    expect(eager.code).toBe(0);
    expect(hits).toBe(1);
  });
});

describe('kiln inspect', () => {
  it("prints an HCL2 template in Packer's layout", async () => {
    const r = await kiln(['inspect', 'null-ssh'], corpus);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        'Packer Inspect: HCL2 mode',
        '',
        '> input-variables:',
        '',
        'var.host: "127.0.0.1"',
        '',
        '> local-variables:',
        '',
        '',
        '> builds:',
        '',
        '  > <unnamed build 0>:',
        '',
        '    sources:',
        '',
        '      null.existing',
        '',
        '    provisioners:',
        '',
        '      shell',
        '      file',
        '',
        '    post-processors:',
        '',
        '      <no post-processor>',
        '',
        '  > files:',
        '',
        '    sources:',
        '',
        '      file.motd',
        '',
        '    provisioners:',
        '',
        '      <no provisioner>',
        '',
        '    post-processors:',
        '',
        '      0:',
        '        compress',
        '',
        '      1:',
        '        artifice',
        '',
        '',
      ].join('\n'),
    );
  });

  it('prints a legacy JSON template as packer inspect 1.6.6 does', async () => {
    const r = await kiln(['inspect', 'legacy-docker/template.json'], corpus);
    expect(r.code).toBe(0);
    // Recorded from `packer inspect template.json` (1.6.6); Packer shows variable defaults as written.
    expect(r.out).toContain(
      'Packer Inspect: JSON mode\nDescription:\n\nA legacy JSON template that still works unchanged.\n',
    );
    expect(r.out).toContain('Builders:\n\n  docker  \n  exporter (docker)\n');
    expect(r.out).toContain('Provisioners:\n\n  shell\n  shell\n');
    expect(r.out).toContain('  token   = <sensitive>\n');
  });

  it('gives the model as JSON', async () => {
    const r = await kiln(['inspect', '-format=json', 'aws-multi-file'], corpus);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out);
    expect(body.valid).toBe(true);
    expect(body.template.requiredPlugins.map((p: { source: string }) => p.source)).toEqual([
      'github.com/hashicorp/amazon',
      'github.com/hashicorp/ansible',
    ]);
    expect(body.template.builds[0]).toMatchObject({
      name: 'app',
      sources: ['amazon-ebs.ubuntu', 'amazon-ebs.al2023'],
      errorCleanupProvisioner: { type: 'shell-local' },
      postProcessors: [[{ type: 'manifest' }], [{ type: 'checksum' }, { type: 'shell-local' }]],
    });
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });
});
