import type { HclBody } from '../../src/hcl/body';
import type { Diagnostic } from '../../src/hcl/diagnostics';
import { evaluateSyntaxExpression } from '../../src/eval/json';
import { toJSONValue } from '../../src/values/json';
import { SENSITIVE, Value } from '../../src/values/value';
import { inspectText } from '../../src/template/inspect';
import {
  type LegacyLoadOptions,
  isLegacyJsonTemplate,
  loadLegacyTemplate,
} from '../../src/template/legacy-json';
import type { Template } from '../../src/template/model';
import { variableValue } from '../../src/template/variables';
import { tempTemplate } from '../support/temp';

const NOW = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
const NOW_UNIX = String(NOW.getTime() / 1000);

function load(files: Record<string, string>, opts: Partial<LegacyLoadOptions> = {}): Template {
  const dir = tempTemplate(files);
  return loadLegacyTemplate({ file: 't.json', cwd: dir, env: {}, vars: [], varFiles: [], now: NOW, ...opts });
}

/** A body's attributes as plain JSON (what the component decoder will see). */
function config(body: HclBody | undefined): unknown {
  if (!body) throw new Error('no body');
  const { attributes, diagnostics } = body.justAttributes();
  expect(diagnostics).toEqual([]);
  const values = new Map<string, Value>();
  for (const [name, attr] of attributes) {
    expect(attr.expr.syntax).toBe('literal');
    values.set(name, evaluateSyntaxExpression(attr.expr, undefined).value);
  }
  return JSON.parse(toJSONValue(Value.object(values)));
}

/** `line:column` of the n-th (1-based) occurrence of a needle in a source text. */
function at(src: string, needle: string, n = 1): string {
  let i = -1;
  for (let k = 0; k < n; k++) {
    i = src.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`${needle} not found`);
  }
  const before = src.slice(0, i).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** Summary and where it points, `line:column`. */
function where(diags: readonly Diagnostic[]): [string, string][] {
  return diags.map((d) => [d.summary, d.subject ? `${d.subject.start.line}:${d.subject.start.column}` : '-']);
}

const DOCKER = `{
  "description": "docker image with a shell step",
  "min_packer_version": "1.5.0",
  "variables": {
    "image": "ubuntu:22.04",
    "repo": "kiln/test",
    "tag": "{{timestamp}}",
    "home": "{{env \`HOME\`}}",
    "greeting": "hello from {{user \`image\`}}",
    "token": null
  },
  "sensitive-variables": ["token"],
  "builders": [
    {"type": "docker", "image": "{{user \`image\`}}", "commit": true, "changes": ["ENV FOO bar"]},
    {"type": "docker", "name": "second", "image": "{{user \`image\`}}", "discard": true}
  ],
  "provisioners": [
    {"type": "shell", "inline": ["echo \${HOME} {{user \`greeting\`}}"], "only": ["docker"],
     "pause_before": "5s", "max_retries": "{{user \`retries\`}}", "timeout": "1m"},
    {"type": "shell", "inline": ["echo second"], "except": ["docker"],
     "override": {"second": {"inline": ["echo overridden {{user \`repo\`}}"]}}}
  ],
  "post-processors": [
    [{"type": "docker-tag", "repository": "{{user \`repo\`}}", "tags": ["{{user \`tag\`}}"], "only": ["docker"]},
     "docker-push"],
    {"type": "manifest", "output": "manifest-{{build_name}}.json", "keep_input_artifact": true, "name": "m"}
  ]
}`;

// packer validate (1.6.6) on DOCKER: -var token=secret -var retries=3 → valid (exit 0);
// no token → "required variable not set: token"; retries=x → "`max_retries` must be a valid integer".
describe('a docker template with shell provisioners and post-processor chains', () => {
  const t = load({ 't.json': DOCKER }, { vars: ['token=secret', 'retries=3'], env: { HOME: '/home/kiln' } });

  it('loads without problems, as packer validate accepts it', () => {
    expect(t.diagnostics).toEqual([]);
    expect(t.initDiagnostics).toEqual([]);
    expect(t.syntax).toBe('json');
    expect(t.description).toBe('docker image with a shell step');
    expect(t.configFiles).toEqual(['t.json']);
    expect(t.packer.requiredVersions.map((r) => r.constraint)).toEqual(['>= 1.5.0']);
    expect(t.locals.size).toBe(0);
    expect(t.dataSources).toEqual([]);
  });

  it('makes each builder a source named by its name (the type when none)', () => {
    expect([...t.sources.keys()]).toEqual(['docker.docker', 'docker.second']);
    expect(config(t.sources.get('docker.docker')?.body)).toEqual({
      image: 'ubuntu:22.04',
      commit: true,
      changes: ['ENV FOO bar'],
    });
    expect(config(t.sources.get('docker.second')?.body)).toEqual({ image: 'ubuntu:22.04', discard: true });
  });

  it('has one unnamed build using every builder', () => {
    expect(t.builds).toHaveLength(1);
    const [b] = t.builds;
    expect(b.name).toBe('');
    expect(b.sources.map((s) => `${s.type}.${s.name}`)).toEqual(['docker.docker', 'docker.second']);
  });

  it('keeps provisioner meta-arguments out of their bodies', () => {
    const [p1, p2] = t.builds[0].provisioners;
    expect(p1).toMatchObject({ kind: 'provisioner', type: 'shell', only: ['docker'], except: [] });
    expect(p1.pauseBefore).toBe(5000);
    expect(p1.timeout).toBe(60_000);
    expect(p1.maxRetries).toBe(3);
    // `${HOME}` is plain text in legacy JSON, never an HCL template.
    expect(config(p1.body)).toEqual({ inline: ['echo ${HOME} hello from ubuntu:22.04'] });
    expect(p2).toMatchObject({ only: [], except: ['docker'] });
    expect(config(p2.body)).toEqual({ inline: ['echo second'] });
    expect([...(p2.override?.keys() ?? [])]).toEqual(['second']);
    expect(config(p2.override?.get('second'))).toEqual({ inline: ['echo overridden kiln/test'] });
    const o = p2.overrideRange;
    expect(o && `${o.start.line}:${o.start.column}`).toBe(at(DOCKER, '{"second"'));
  });

  it('makes post-processor chains; a bare string is a post-processor with no options', () => {
    const chains = t.builds[0].postProcessorChains;
    expect(chains.map((c) => c.map((p) => p.type))).toEqual([['docker-tag', 'docker-push'], ['manifest']]);
    const [[tag, push], [manifest]] = chains;
    expect(tag.only).toEqual(['docker']);
    expect(config(tag.body)).toEqual({ repository: 'kiln/test', tags: [NOW_UNIX] });
    expect(config(push.body)).toEqual({});
    expect(manifest).toMatchObject({ name: 'm', keepInputArtifact: true });
    // build_name is not known for a post-processor shared by builds: left for each build to render.
    expect(config(manifest.body)).toEqual({ output: 'manifest-{{build_name}}.json' });
  });

  it('renders variables (env allowed there) and marks sensitive ones', () => {
    const value = (n: string): string => {
      const v = t.variables.get(n);
      if (!v) throw new Error(n);
      return variableValue(v).unmark()[0].asString();
    };
    expect(value('home')).toBe('/home/kiln');
    expect(value('greeting')).toBe('hello from ubuntu:22.04');
    expect(value('tag')).toBe(NOW_UNIX);
    expect(t.variables.get('token')?.sensitive).toBe(true);
    expect(variableValue(t.variables.get('token') as never).hasMark(SENSITIVE)).toBe(true);
    expect(variableValue(t.variables.get('image') as never).hasMark(SENSITIVE)).toBe(false);
  });

  it('inspects as Packer does: raw defaults, required variables, builders', () => {
    const unset = load({ 't.json': DOCKER });
    expect(inspectText(unset)).toBe(
      [
        'Packer Inspect: JSON mode',
        'Description:\n',
        'docker image with a shell step\n',
        'Required variables:\n',
        '  token',
        '',
        'Optional variables and their defaults:\n',
        '  greeting = hello from {{user `image`}}',
        '  home     = {{env `HOME`}}',
        '  image    = ubuntu:22.04',
        '  repo     = kiln/test',
        '  tag      = {{timestamp}}',
        '',
        'Builders:\n',
        '  docker',
        '  second (docker)',
        '',
        'Provisioners:\n',
        '  shell',
        '  shell',
        '\nNote: If your build names contain user variables or template\n' +
          "functions such as 'timestamp', these are processed at build time,\n" +
          'and therefore only show in their raw form here.\n',
      ].join('\n'),
    );
  });

  it('requires variables set to null, and max_retries to be an integer after rendering', () => {
    const unset = load({ 't.json': DOCKER }, { vars: ['retries=x'] });
    expect(unset.diagnostics).toEqual([]);
    expect(where(unset.initDiagnostics)).toEqual([
      ['required variable not set: token', at(DOCKER, '"token": null')],
      [
        '`max_retries` must be a valid integer: strconv.Atoi: parsing "x": invalid syntax',
        at(DOCKER, '"{{user `retries`}}"'),
      ],
    ]);
  });
});

const EBS = `{
  "variables": {
    "region": "us-east-1",
    "ami_prefix": "kiln-base",
    "volume_size": "20"
  },
  "builders": [{
    "type": "amazon-ebs",
    "region": "{{user \`region\`}}",
    "instance_type": "t3.micro",
    "ssh_username": "ubuntu",
    "ami_name": "{{user \`ami_prefix\`}}-{{timestamp}}",
    "source_ami_filter": {
      "filters": {"name": "ubuntu/images/*ubuntu-jammy-22.04-amd64-server-*", "root-device-type": "ebs"},
      "owners": ["099720109477"],
      "most_recent": true
    },
    "launch_block_device_mappings": [
      {"device_name": "/dev/sda1", "volume_size": "{{user \`volume_size\`}}", "volume_type": "gp2"}
    ],
    "tags": {"Name": "{{user \`ami_prefix\`}}", "Built": "{{isotime \\"2006-01-02\\"}}", "Source": "{{ .SourceAMI }}"},
    "skip_region_validation": true
  }],
  "provisioners": [{"type": "shell", "execute_command": "sudo -S sh -c '{{ .Vars }} {{ .Path }}'", "inline": ["apt-get update"]}]
}`;

// packer validate (1.6.6) on EBS: valid (exit 0). With "{{timestamp}" in ami_name:
// `invalid 'ami_name': template: root:1: bad character U+007D '}'`. With "{{env `USER`}}" in a
// builder option: `render 'ssh_username': ... error calling env: env vars are not allowed here`.
describe('an amazon-ebs template with user variables and nested objects', () => {
  const t = load({ 't.json': EBS });
  const source = t.sources.get('amazon-ebs.amazon-ebs');

  it('renders user variables, timestamp and isotime; keeps run-time fields', () => {
    expect(t.diagnostics).toEqual([]);
    expect(t.initDiagnostics).toEqual([]);
    expect(config(source?.body)).toMatchObject({
      region: 'us-east-1',
      ami_name: `kiln-base-${NOW_UNIX}`,
      tags: { Name: 'kiln-base', Built: '2024-01-02', Source: '{{ .SourceAMI }}' },
      launch_block_device_mappings: [{ device_name: '/dev/sda1', volume_size: '20', volume_type: 'gp2' }],
    });
    expect(config(t.builds[0].provisioners[0].body)).toEqual({
      execute_command: "sudo -S sh -c '{{ .Vars }} {{ .Path }}'",
      inline: ['apt-get update'],
    });
  });

  it('decodes nested objects as blocks when the schema asks for blocks', () => {
    const { content, diagnostics } = (source?.body as HclBody).partialContent({
      attributes: [{ name: 'ami_name' }],
      blocks: [
        { type: 'launch_block_device_mappings', labelNames: [] },
        { type: 'source_ami_filter', labelNames: [] },
      ],
    });
    expect(diagnostics).toEqual([]);
    expect(content.blocks.map((b) => b.type)).toEqual(['source_ami_filter', 'launch_block_device_mappings']);
    expect(config(content.blocks[1].body)).toEqual({
      device_name: '/dev/sda1',
      volume_size: '20',
      volume_type: 'gp2',
    });
  });

  it('reports template errors in options with the string range, as Prepare would', () => {
    const bad = load({
      't.json': EBS.replace('{{timestamp}}', '{{timestamp}').replace('"ubuntu"', '"{{env `USER`}}"'),
    });
    expect(bad.diagnostics).toEqual([]);
    expect(where(bad.initDiagnostics)).toEqual([
      ["render 'ssh_username'", '11:21'],
      ["invalid 'ami_name'", '12:17'],
    ]);
    expect(bad.initDiagnostics[0].detail).toMatch(/env vars are not allowed here/);
    expect(bad.initDiagnostics[1].detail).toMatch(/^template: root:1: /);
    // The string is kept as written when it cannot be rendered.
    expect(config(bad.sources.get('amazon-ebs.amazon-ebs')?.body)).toMatchObject({
      ami_name: '{{user `ami_prefix`}}-{{timestamp}',
    });
  });
});

describe('variable values', () => {
  const tpl = JSON.stringify({
    variables: { v: 'default', w: 'w-{{user `v`}}' },
    builders: [{ type: 'null', communicator: 'none', note: '{{user `v`}}' }],
  });

  it('-var beats -var-file, a later -var-file beats an earlier one, both beat the default', () => {
    const files = {
      't.json': tpl,
      'a.json': '{"v": "file-a"}',
      'b.json': '{"v": "file-b", "x": "undeclared"}',
    };
    const value = (t: Template): string => variableValue(t.variables.get('v') as never).asString();
    expect(value(load(files))).toBe('default');
    expect(value(load(files, { varFiles: ['a.json'] }))).toBe('file-a');
    expect(value(load(files, { varFiles: ['a.json', 'b.json'] }))).toBe('file-b');
    expect(value(load(files, { varFiles: ['b.json', 'a.json'] }))).toBe('file-a');
    const cmd = load(files, { varFiles: ['a.json', 'b.json'], vars: ['v=cmd-1', 'v=cmd-2'] });
    expect(value(cmd)).toBe('cmd-2');
    expect(t(cmd, 'w')).toBe('w-cmd-2');
    expect(config(cmd.sources.get('null.null')?.body)).toMatchObject({ note: 'cmd-2' });
    // Assignments keep their origin, for inspect and diagnostics.
    expect(cmd.variables.get('v')?.values.map((a) => a.from)).toEqual(['default', 'cmd']);
    // No PKR_VAR_ for legacy templates.
    expect(value(load(files, { env: { PKR_VAR_v: 'env' } }))).toBe('default');
  });

  function t(template: Template, name: string): string {
    return variableValue(template.variables.get(name) as never).asString();
  }

  it('renders variables that refer to later ones, in any order', () => {
    const chain = load({
      't.json': JSON.stringify({
        variables: { a: '{{user `b`}}-a', b: '{{user `c`}}-b', c: 'c', d: '{{ .HTTPIP }}:{{user `c`}}' },
        builders: [{ type: 'null' }],
      }),
    });
    expect(chain.initDiagnostics).toEqual([]);
    expect(['a', 'b', 'c', 'd'].map((n) => t(chain, n))).toEqual(['c-b-a', 'c-b', 'c', '{{ .HTTPIP }}:c']);
  });

  it('fails on a variable referring to one that does not exist', () => {
    const src = '{\n  "variables": {"a": "{{user `nope`}}"},\n  "builders": [{"type": "null"}]\n}';
    const bad = load({ 't.json': src });
    expect(where(bad.initDiagnostics)).toEqual([
      [expect.stringMatching(/^Failed to interpolate "a": /), at(src, '"{{user')],
    ]);
    expect(bad.initDiagnostics[0].detail).toMatch(/Packer treats all variables used to interpolate/);
  });

  it('reports unreadable variable files and -var arguments in Packer words', () => {
    const bad = load(
      { 't.json': tpl, 'n.json': '{"v": 1}', 'l.json': '[1]' },
      { varFiles: ['n.json', 'l.json', 'missing.json'], vars: ['novalue'] },
    );
    expect(where(bad.diagnostics)).toEqual([
      [
        "Error reading variables in 'n.json': json: cannot unmarshal number into Go value of type string",
        '1:7',
      ],
      [
        "Error reading variables in 'l.json': json: cannot unmarshal array into Go value of type kvflag.FlagJSON",
        '1:1',
      ],
      ['open missing.json: no such file or directory', '-'],
      ['invalid value "novalue" for flag -var: No \'=\' value in arg: novalue', '-'],
    ]);
  });

  it('a null in a variable file sets the variable to ""', () => {
    const r = load(
      { 't.json': '{"variables": {"r": null}, "builders": [{"type": "null"}]}', 'v.json': '{"r": null}' },
      { varFiles: ['v.json'] },
    );
    expect(r.initDiagnostics).toEqual([]);
    expect(t(r, 'r')).toBe('');
  });

  it('rejects non-string defaults', () => {
    const src = '{"variables": {"n": 1, "b": true}, "builders": [{"type": "null"}]}';
    expect(where(load({ 't.json': src }).diagnostics)).toEqual([
      ["variable n: '' expected type 'string', got unconvertible type 'float64', value: '1'", at(src, '1')],
      [
        "variable b: '' expected type 'string', got unconvertible type 'bool', value: 'true'",
        at(src, 'true'),
      ],
    ]);
  });
});

describe('parse errors (packer validate 1.6.6: "Failed to parse template")', () => {
  it('unknown root keys (sorted), comments, keys matched ignoring case', () => {
    const src = '{\n  "foo": 1, "_c": "x", "Builders": [{"type": "null"}], "bar": 2, "_d": 5\n}';
    const r = load({ 't.json': src });
    expect(where(r.diagnostics)).toEqual([
      ['Failed to cast root level comment value in comment "_d" to string.', at(src, '5')],
      ["Unknown root level key in template: 'bar'", at(src, '"bar"')],
      ["Unknown root level key in template: 'foo'", at(src, '"foo"')],
    ]);
    expect([...r.sources.keys()]).toEqual(['null.null']);
  });

  it('root field types, in mapstructure (sorted) order', () => {
    const r = load({
      't.json':
        '{"builders": [{"type":"null"}], "description": 5, "min_packer_version": 1, "provisioners": {}, "variables": [], "sensitive-variables": "x"}',
    });
    expect(r.diagnostics.map((d) => d.summary)).toEqual([
      "'Description' expected type 'string', got unconvertible type 'float64', value: '5'",
      "'Provisioners': source data must be an array or slice, got map",
      "'Variables' expected a map, got 'slice'",
      "'min_packer_version' expected type 'string', got unconvertible type 'float64', value: '1'",
      "'sensitive-variables': source data must be an array or slice, got string",
    ]);
  });

  it('a root that is not an object, a duplicate field, a JSON syntax error', () => {
    expect(where(load({ 't.json': '[{"builders": []}]' }).diagnostics)).toEqual([
      ["'' expected a map, got 'slice'", '1:1'],
    ]);
    const dup = '{"builders": [{"type": "null", "a": {"b": 1, "b": 2}}]}';
    expect(where(load({ 't.json': dup }).diagnostics)).toEqual([
      ['template has duplicate field: b', at(dup, '"b"', 2)],
    ]);
    const syntax = load({ 't.json': 'builders {}' });
    expect(syntax.diagnostics.map((d) => d.summary).pop()).toBe(
      'Failed to parse file as legacy JSON template',
    );
    expect(syntax.diagnostics[0].subject?.start).toMatchObject({ line: 1, column: 1 });
  });

  it('builders, provisioners and post-processors in Packer words and order', () => {
    const src = `{
  "builders": [{"type": "null"}, {"name": "x"}, {"type": "null"}, "str", {"type": ["a"]}, {"type": 5}],
  "provisioners": [{"type": "shell-local", "pause_before": "abc"}, {"inline": []},
    {"type": "shell-local", "only": "null", "max_retries": 2.5, "timeout": 5}, "x", null],
  "post-processors": ["manifest", [{"type": "manifest", "keep_input_artifact": "true"}, ["x"], 5],
    {"only": "null", "type": "m"}, 7, {"name": "a"}, [null], []]
}`;
    const r = load({ 't.json': src });
    expect(where(r.diagnostics)).toEqual([
      ["builder 2: missing 'type'", at(src, '{"name": "x"}')],
      ["builder 3: builder with name 'null' already exists", at(src, '{"type": "null"}', 2)],
      ["builder 4: '' expected a map, got 'string'", at(src, '"str"')],
      [
        "builder 5: 'Type' expected type 'string', got unconvertible type '[]interface {}', value: '[a]'",
        at(src, '["a"]'),
      ],
      ['post-processor 2.2: sequence not allowed to be nested in a sequence', at(src, '["x"]')],
      ['post-processor 2.3: unknown format', at(src, '5]')],
      ["post-processor 3.1: 'Only': source data must be an array or slice, got string", at(src, '"null"', 4)],
      ['post-processor 4: bad format', at(src, '7')],
      ['post-processor 5.1: type is required', at(src, '{"name": "a"}')],
      ['post-processor 6.1: unknown format', at(src, 'null]', 2)],
      [
        'provisioner 1: Error decoding provisioner: error decoding \'pause_before\': time: invalid duration "abc"',
        at(src, '"abc"'),
      ],
      ["provisioner 2: Provisioner missing 'type'", at(src, '{"inline": []}')],
      ["provisioner 4: Error decoding provisioner: '' expected a map, got 'string'", at(src, '"x"', 2)],
      ["provisioner 5: Provisioner missing 'type'", at(src, 'null]')],
    ]);
    // What did decode is kept: the weakly typed provisioner 3 and the first chain.
    const parsed = r.builds[0];
    expect(parsed.provisioners.map((p) => [p.only, p.timeout])).toEqual([[['null'], 0.000005]]);
    expect(parsed.postProcessorChains.map((c) => c.map((p) => p.type))).toEqual([['manifest']]);
  });

  it('error-cleanup-provisioner is a provisioner, introduced the way Packer does', () => {
    const r = load({
      't.json': '{"builders": [{"type": "null"}], "error-cleanup-provisioner": {"inline": ["x"]}}',
    });
    expect(r.diagnostics.map((d) => d.summary)).toEqual([
      "On Error Cleanup Provisioner error: Provisioner missing 'type'",
    ]);
    const ok = load({
      't.json':
        '{"builders": [{"type": "null"}], "error-cleanup-provisioner": {"type": "shell-local", "inline": ["x"]}}',
    });
    expect(ok.builds[0].errorCleanupProvisioner).toMatchObject({ type: 'shell-local' });
    expect(config(ok.builds[0].errorCleanupProvisioner?.body)).toEqual({ inline: ['x'] });
  });

  it('a file that cannot be read', () => {
    const r = loadLegacyTemplate({
      file: 'nope.json',
      cwd: tempTemplate({}),
      env: {},
      vars: [],
      varFiles: [],
    });
    expect(where(r.diagnostics)).toEqual([['open nope.json: no such file or directory', '-']]);
  });
});

describe('initialisation errors (packer validate 1.6.6: "Error:" after parsing)', () => {
  it("only/except and override must name builders; 'only' and 'except' exclude each other", () => {
    const src = `{
  "builders": [{"type": "null"}],
  "provisioners": [{"type": "shell-local", "only": ["nope"], "except": ["x"], "override": {"zzz": {}}},
    {"type": "shell-local", "only": [1], "except": []}],
  "post-processors": [{"type": "manifest", "only": ["a"], "except": ["b"]}, {"type": "manifest", "except": ["c"]}]
}`;
    const r = load({ 't.json': src });
    expect(r.diagnostics).toEqual([]);
    // packer validate 1.6.6 printed these four (it had no post-processor 2.1 in its test).
    expect(where(r.initDiagnostics)).toEqual([
      ["provisioner 1: only one of 'only' or 'except' may be specified", at(src, '["x"]')],
      ["provisioner 1: override 'zzz' doesn't exist", at(src, '"zzz"')],
      ["provisioner 2: 'only' specified builder '1' not found", at(src, '[1]')],
      ["post-processor 1.1: only one of 'only' or 'except' may be specified", at(src, '["b"]')],
      ["post-processor 2.1: 'except' specified builder 'c' not found", at(src, '["c"]')],
    ]);
  });

  it('at least one builder; min_packer_version against the Packer version Kiln stands in for', () => {
    expect(where(load({ 't.json': '{"builders": []}' }).initDiagnostics)).toEqual([
      ['at least one builder must be defined', '1:14'],
    ]);
    expect(where(load({ 't.json': '{"provisioners": []}' }).initDiagnostics)).toEqual([
      ['at least one builder must be defined', '1:1'],
    ]);
    const newer = '{"min_packer_version": "99.0", "builders": [{"type": "null"}]}';
    const tooNew = load({ 't.json': newer });
    expect(where(tooNew.initDiagnostics)).toEqual([
      [
        expect.stringMatching(
          /^This template requires Packer version 99\.0\.0 or higher; using \d+\.\d+\.\d+$/,
        ),
        at(newer, '"99.0"'),
      ],
    ]);
    expect(tooNew.packer.requiredVersions.map((v) => v.constraint)).toEqual(['>= 99.0']);
    const malformed = '{"min_packer_version": "1.2.x", "builders": [{"type": "null"}]}';
    expect(where(load({ 't.json': malformed }).initDiagnostics)).toEqual([
      ['min_version is invalid: malformed version: 1.2.x', at(malformed, '"1.2.x"')],
    ]);
  });

  it('renders builder names; only/except/override keep naming builders as written', () => {
    const r = load({
      't.json': JSON.stringify({
        variables: { n: 'named' },
        builders: [{ type: 'null', name: 'b-{{user `n`}}' }],
        provisioners: [
          { type: 'shell-local', only: ['b-{{user `n`}}'], override: { 'b-{{user `n`}}': { x: 1 } } },
        ],
      }),
    });
    expect(r.initDiagnostics).toEqual([]);
    expect([...r.sources.keys()]).toEqual(['null.b-named']);
    expect(r.builds[0].sources.map((s) => s.name)).toEqual(['b-named']);
    expect(r.builds[0].provisioners[0].only).toEqual(['b-named']);
    expect([...(r.builds[0].provisioners[0].override?.keys() ?? [])]).toEqual(['b-named']);
    const src = '{"builders": [{"type": "null", "name": "{{build_name}}"}]}';
    expect(where(load({ 't.json': src }).initDiagnostics)).toEqual([
      ["Error interpolating builder '{{build_name}}'", at(src, '"{{build_name}}"')],
    ]);
  });

  it('an override that is not an object is a configuration error', () => {
    const src =
      '{"builders": [{"type": "null"}], "provisioners": [{"type": "shell-local", "override": {"null": 5}}]}';
    expect(where(load({ 't.json': src }).initDiagnostics)).toEqual([
      ["override 'null': '' expected a map, got 'float64'", at(src, '5}')],
    ]);
  });
});

describe('which files are legacy JSON templates', () => {
  it('follows Packer: any file not named *.pkr.hcl or *.pkr.json', () => {
    expect(isLegacyJsonTemplate('template.json')).toBe(true);
    expect(isLegacyJsonTemplate('dir/x.pkr.json')).toBe(false);
    expect(isLegacyJsonTemplate('x.pkr.hcl')).toBe(false);
    expect(isLegacyJsonTemplate('x.hcl')).toBe(true);
  });
});
