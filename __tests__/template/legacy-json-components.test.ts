import * as fs from 'fs';
import * as path from 'path';

import { EvalContext } from '../../src/eval/context';
import type { HclBody } from '../../src/hcl/body';
import type { Range } from '../../src/hcl/pos';
import type { ComponentKind, DecodedConfig } from '../../src/schema/types';
import { decodeComponentConfig } from '../../src/schema/decode';
import { builtinRegistry } from '../../src/components/catalog';
import { builtinComponents } from './helpers';
import { loadLegacyTemplate } from '../../src/template/legacy-json';
import { loadTemplate } from '../../src/template/load';
import type { Template } from '../../src/template/model';
import { tempTemplate } from '../support/temp';
import { kiln } from '../support/kiln';

/**
 * Legacy templates through the same component decoder as HCL2 ones. Validity is compared with
 * `packer validate` (1.6.6) on the same templates; its results are noted with each case.
 */

const registry = builtinRegistry();

function load(text: string, vars: string[] = []): Template {
  const dir = tempTemplate({ 't.json': text });
  const t = loadLegacyTemplate({ file: 't.json', cwd: dir, env: {}, vars, varFiles: [] });
  expect(t.diagnostics).toEqual([]);
  expect(t.initDiagnostics).toEqual([]);
  return t;
}

function decode(kind: ComponentKind, type: string, body: HclBody, range: Range): DecodedConfig {
  const schema = registry.get(kind, type);
  if (!schema) throw new Error(`no ${kind} ${type}`);
  return decodeComponentConfig(schema, body, new EvalContext({}), { range });
}

/** Every component of the template decoded: the summaries of all their problems. */
function problems(t: Template): string[] {
  const out: string[] = [];
  for (const s of t.sources.values())
    out.push(...decode('builder', s.type, s.body, s.range).diagnostics.map((d) => d.summary));
  for (const p of t.builds[0].provisioners) {
    out.push(...decode('provisioner', p.type, p.body, p.range).diagnostics.map((d) => d.summary));
  }
  for (const chain of t.builds[0].postProcessorChains) {
    for (const pp of chain)
      out.push(...decode('post-processor', pp.type, pp.body, pp.range).diagnostics.map((d) => d.summary));
  }
  return out;
}

const EBS = JSON.stringify({
  variables: { region: 'us-east-1', regions: 'eu-west-1,us-west-2', size: '20' },
  builders: [
    {
      type: 'amazon-ebs',
      region: '{{user `region`}}',
      instance_type: 't3.micro',
      ssh_username: 'ubuntu',
      ami_name: 'kiln-base-{{timestamp}}',
      ami_regions: '{{user `regions`}}',
      source_ami_filter: {
        filters: { name: 'ubuntu/images/*', 'root-device-type': 'ebs' },
        owners: ['099720109477'],
        most_recent: true,
      },
      launch_block_device_mappings: [
        {
          device_name: '/dev/sda1',
          volume_size: '{{user `size`}}',
          volume_type: 'gp2',
          delete_on_termination: true,
        },
      ],
      tags: { Name: 'kiln', Source: '{{ .SourceAMI }}' },
      skip_region_validation: true,
    },
  ],
  provisioners: [
    { type: 'shell', execute_command: "sudo -S sh -c '{{ .Vars }} {{ .Path }}'", inline: ['apt-get update'] },
  ],
});

describe('legacy templates through the component decoder', () => {
  // packer validate 1.6.6: valid (exit 0).
  it('amazon-ebs: nested objects as blocks and maps, strings where numbers and lists are wanted', () => {
    const t = load(EBS);
    expect(problems(t)).toEqual([]);
    const source = t.sources.get('amazon-ebs.amazon-ebs');
    if (!source) throw new Error('no source');
    const { view } = decode('builder', source.type, source.body, source.range);
    // A user variable is a string: Packer splits it on commas for a list option.
    expect(view.strings('ami_regions')).toEqual(['eu-west-1', 'us-west-2']);
    expect(view.blocks('launch_block_device_mappings').map((b) => b.number('volume_size'))).toEqual([20]);
    expect(view.blocks('source_ami_filter')[0].strings('owners')).toEqual(['099720109477']);
    expect(view.stringMap('tags')).toEqual({ Name: 'kiln', Source: '{{ .SourceAMI }}' });
  });

  // packer validate 1.6.6: "AMIName should only contain alphanumeric characters, ..." (exit 1).
  it('amazon-ebs: a bad ami_name fails the builder check, as in Packer', () => {
    const t = load(EBS.replace('kiln-base-{{timestamp}}', 'x ${var.y} {{user `nope`}}'));
    expect(problems(t).join('\n')).toMatch(/AMIName should only contain/);
  });

  // packer validate 1.6.6: valid (exit 0) — "T" for a bool (strconv.ParseBool), one string for a list.
  it('docker: weakly typed options', () => {
    const t = load(
      '{"builders": [{"type": "docker", "image": "ubuntu", "commit": "T", "changes": "ENV A b"}]}',
    );
    expect(problems(t)).toEqual([]);
    const s = t.sources.get('docker.docker');
    if (!s) throw new Error('no source');
    const { view } = decode('builder', s.type, s.body, s.range);
    expect(view.bool('commit')).toBe(true);
    expect(view.strings('changes')).toEqual(['ENV A b']);
  });

  // packer validate 1.6.6: "unknown configuration key: '\"_comment\"'" (exit 1).
  it('an underscore key inside a builder is an unknown option, unlike at the root', () => {
    const t = load('{"builders": [{"type": "docker", "image": "ubuntu", "commit": true, "_comment": "x"}]}');
    expect(problems(t)).toEqual([`unknown configuration key: '"_comment"'`]);
  });

  // packer validate 1.6.6: valid (exit 0) with -var token=... -var retries=3.
  it('docker with shell, override and post-processor chains', () => {
    const t = load(
      JSON.stringify({
        variables: { repo: 'kiln/test' },
        builders: [
          { type: 'docker', image: 'ubuntu:22.04', commit: true },
          { type: 'docker', name: 'second', image: 'ubuntu:22.04', discard: true },
        ],
        provisioners: [
          { type: 'shell', inline: ['echo ${HOME}'], only: ['docker'], pause_before: '5s' },
          {
            type: 'shell',
            inline: ['echo second'],
            except: ['docker'],
            override: { second: { inline: ['echo o'] } },
          },
        ],
        'post-processors': [
          [
            { type: 'docker-tag', repository: '{{user `repo`}}', tags: ['latest'], only: ['docker'] },
            'docker-push',
          ],
          { type: 'manifest', output: 'manifest-{{build_name}}.json', keep_input_artifact: true },
        ],
      }),
    );
    expect(problems(t)).toEqual([]);
    const override = t.builds[0].provisioners[1].override?.get('second');
    if (!override) throw new Error('no override');
    expect(
      decode('provisioner', 'shell', override, t.builds[0].provisioners[1].range).view.strings('inline'),
    ).toEqual(['echo o']);
  });
});

describe('a typo in a legacy template, through kiln validate', () => {
  it("is worded as Packer's legacy loader words it, with the source underlined and a suggestion", async () => {
    const dir = tempTemplate({
      't.json': '{\n  "builders": [{"type": "docker", "image": "x", "comit": true}]\n}\n',
    });
    const r = await kiln(['validate', 't.json'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `Error: unknown configuration key: '"comit"'\n\n` +
        '  on t.json line 2:\n' +
        '   2:   "builders": [{"type": "docker", "image": "x", "comit": true}]\n' +
        '                                                      ^^^^^^^\n\n' +
        'Did you mean "commit"?\n\n',
    );
  });
});

describe("a component's own Go-template functions, from its declaration", () => {
  const template = JSON.stringify({
    builders: [
      {
        type: 'amazon-ebs',
        region: 'us-east-1',
        instance_type: 't3.micro',
        ssh_username: 'ubuntu',
        source_ami: 'ami-123',
        ami_name: '{{clean_resource_name "kiln:base é"}}',
      },
    ],
    provisioners: [{ type: 'shell-local', inline: ['{{clean_resource_name "a:b"}}'] }],
  });

  function loadWith(withRegistry: boolean): Template {
    const dir = tempTemplate({ 't.json': template });
    const t = loadLegacyTemplate({
      file: 't.json',
      cwd: dir,
      env: {},
      vars: [],
      varFiles: [],
      ...(withRegistry ? { registry } : {}),
    });
    expect([...t.diagnostics, ...t.initDiagnostics]).toEqual([]);
    return t;
  }

  it("render the component's options as its Prepare would (amazon-ebs's clean_resource_name)", () => {
    const t = loadWith(true);
    const source = [...t.sources.values()][0];
    const builder = decode('builder', 'amazon-ebs', source.body, source.range);
    expect(builder.diagnostics).toEqual([]);
    expect(builder.view.string('ami_name')).toBe('kiln-base --');
    // Another component's options do not have it: the action is kept for later, unresolved.
    const p = t.builds[0].provisioners[0];
    expect(decode('provisioner', 'shell-local', p.body, p.range).view.strings('inline')).toEqual([
      '{{clean_resource_name "a:b"}}',
    ]);
  });

  it('reach the templates kiln loads', async () => {
    const dir = tempTemplate({ 't.json': template });
    const { template: t } = await loadTemplate({
      path: 't.json',
      cwd: dir,
      env: {},
      vars: [],
      varFiles: [],
      ...builtinComponents(),
    });
    const source = [...t.sources.values()][0];
    expect(decode('builder', 'amazon-ebs', source.body, source.range).view.string('ami_name')).toBe(
      'kiln-base --',
    );
  });

  it('come from the registry: without one, the action is kept as written', () => {
    const t = loadWith(false);
    const source = [...t.sources.values()][0];
    const builder = decode('builder', 'amazon-ebs', source.body, source.range);
    expect(builder.values.get('ami_name')?.asString()).toBe('{{clean_resource_name "kiln:base é"}}');
  });
});

describe('{{build_name}} and {{build_type}} in legacy provisioners and post-processors', () => {
  it("are rendered per build, as each component's Prepare renders them in Packer", async () => {
    const dir = tempTemplate({
      't.json': JSON.stringify({
        builders: [
          { type: 'null', name: 'first', communicator: 'none' },
          { type: 'null', name: 'second', communicator: 'none' },
        ],
        provisioners: [
          {
            type: 'shell-local',
            inline: ['echo "ran {{build_name}} ({{build_type}})"'],
            override: { second: { inline: ['echo "override {{build_name}}"'] } },
          },
          { type: 'shell-local', inline: ['echo "plain {{user `v`}}"'] },
        ],
        'post-processors': [
          { type: 'manifest', output: 'manifest-{{build_name}}.json', custom_data: { b: '{{build_name}}' } },
        ],
        variables: { v: 'x' },
      }),
    });
    const r = await kiln(['build', '-parallel-builds=1', 't.json'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('first: ran first (null)');
    expect(r.out).toContain('second: override second');
    expect(r.out).toContain('first: plain x');
    expect(r.out).toContain('second: plain x');
    for (const name of ['first', 'second']) {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, `manifest-${name}.json`), 'utf8'));
      expect(manifest.builds.map((b: { custom_data: unknown }) => b.custom_data)).toEqual([{ b: name }]);
    }
  });
});
