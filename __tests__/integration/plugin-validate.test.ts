import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { kiln } from '../support/kiln';
import { describeWithPlugin, installPlugin } from '../support/plugins';
import { tempDir, tempTemplate, writeFiles } from '../support/temp';

/**
 * `kiln validate` with components from real installed plugins (issue 16): the real
 * packer-plugin-docker v1.1.2 forced over Kiln's native docker builder with KILN_PLUGINS=external,
 * and kilnfixture (test-env/plugins/kilnfixture, standing in for packer-plugin-scaffolding, which
 * the Go proxy refuses) for all four component kinds. Each plugin is installed in a temporary
 * PACKER_PLUGIN_PATH under the name `packer plugins install --path` gives a binary (its described
 * version: a build from source is a -dev one), beside its checksum file.
 */

jest.setTimeout(60_000);

/** Processes this test process started that are still there (a plugin not reaped would be). */
function children(): string[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l.includes('packer-plugin-'))
    .map((l) => l.trim());
}

describeWithPlugin('kiln validate with the real docker plugin', 'docker', 'v1.1.2', (binary) => {
  let plugins: string;
  beforeAll(async () => {
    plugins = tempDir('kiln-plugin-path-');
    await installPlugin(plugins, 'github.com/hashicorp/docker', binary);
  });
  const env = (): Record<string, string> => ({ PACKER_PLUGIN_PATH: plugins, KILN_PLUGINS: 'external' });

  it("reports a misspelt option at its line and column, from the plugin's schema", async () => {
    const dir = tempTemplate({
      'main.pkr.hcl': [
        'source "docker" "x" {',
        '  image = "debian"',
        '  discard = true',
        '    changez = ["ENV A=b"]',
        '}',
        'build {',
        '  sources = ["source.docker.x"]',
        '}',
        '',
      ].join('\n'),
    });
    const r = await kiln(['validate', '-format=json', '.'], dir, { env: env() });
    expect(r.code).toBe(1);
    const body = JSON.parse(r.out) as {
      diagnostics: { summary: string; detail: string; range: { start: { line: number; column: number } } }[];
    };
    expect(
      body.diagnostics.map((d) => [d.summary, d.detail, d.range.start.line, d.range.start.column]),
    ).toEqual([
      [
        'Unsupported argument',
        'An argument named "changez" is not expected here. Did you mean "changes"?',
        4,
        5,
      ],
    ]);
    expect(children()).toEqual([]);
  });

  it('passes a valid template, the plugin answering for every option Kiln itself lacks', async () => {
    // pull and the docker_path option exist in the plugin's schema (and Kiln's); fix_upload_owner
    // and platform are read from the plugin's spec here, not from Kiln's declaration.
    const dir = tempTemplate({
      'main.pkr.hcl': `
source "docker" "x" {
  image            = "debian"
  commit           = true
  pull             = false
  platform         = "linux/amd64"
  fix_upload_owner = true
  changes          = ["ENV A=b"]
  run_command      = ["-d", "-i", "-t", "{{.Image}}", "/bin/sh"]
}
build {
  sources = ["source.docker.x"]
}
`,
    });
    const r = await kiln(['validate', '.'], dir, { env: env() });
    expect(r.err).toBe('');
    expect(r.out).toBe('The configuration is valid.\n');
    expect(r.code).toBe(0);
    expect(children()).toEqual([]);
  });

  it("reports the plugin's own Prepare error on the source block, in the plugin's words", async () => {
    const dir = tempTemplate({
      'main.pkr.hcl':
        'build {\n  sources = ["source.docker.x"]\n}\nsource "docker" "x" {\n  image = "debian"\n}\n',
    });
    const r = await kiln(['validate', '.'], dir, { env: env() });
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'Error: 1 error(s) occurred:\n\n* No instructions given for handling the artifact; expected commit, discard, or export_path\n\n' +
        '  on main.pkr.hcl line 4, in source "docker" "x":\n   4: source "docker" "x" {\n      ^^^^^^^^^^^^^^^^^^^\n\n',
    );
    expect(children()).toEqual([]);
  });

  it('starts no plugin for a template Kiln runs natively', async () => {
    // A docker "plugin" whose describe leaves a mark: without KILN_PLUGINS it must not even be described.
    const fake = tempDir('kiln-fake-plugins-');
    const mark = path.join(fake, 'described');
    const target = path.join(fake, 'github.com/hashicorp/docker', path.basename(binary));
    writeFiles(fake, {
      [path.relative(fake, target)]: `#!/bin/sh\ntouch ${mark}\nexec ${binary} "$@"\n`,
    });
    fs.chmodSync(target, 0o755);
    const sum = execFileSync('sha256sum', [target], { encoding: 'utf8' }).split(' ')[0];
    fs.writeFileSync(`${target}_SHA256SUM`, sum);
    const dir = tempTemplate({
      'main.pkr.hcl':
        'source "docker" "x" {\n  image = "debian"\n  commit = true\n}\nbuild {\n  sources = ["source.docker.x"]\n}\n',
    });
    const native = await kiln(['validate', '.'], dir, { env: { PACKER_PLUGIN_PATH: fake } });
    expect(native.out).toBe('The configuration is valid.\n');
    expect(fs.existsSync(mark)).toBe(false);
    // The same directory, forced external: the mark proves the test would see a launch.
    await kiln(['validate', '.'], dir, { env: { PACKER_PLUGIN_PATH: fake, KILN_PLUGINS: 'external' } });
    expect(fs.existsSync(mark)).toBe(true);
  });

  it("picks the plugin by required_plugins' constraint; native docker satisfies it when not forced", async () => {
    const template = (constraint: string): string =>
      `packer {\n  required_plugins {\n    docker = {\n      source  = "github.com/hashicorp/docker"\n      version = "${constraint}"\n    }\n  }\n}\n` +
      'source "docker" "x" {\n  image = "debian"\n  commit = true\n}\nbuild {\n  sources = ["source.docker.x"]\n}\n';
    const dir = tempTemplate({
      'ok/main.pkr.hcl': template('~> 1.1'),
      'newer/main.pkr.hcl': template('>= 1.2'),
    });
    const ok = await kiln(['validate', 'ok'], dir, { env: env() });
    expect([ok.code, ok.out, ok.err]).toEqual([0, 'The configuration is valid.\n', '']);
    const newer = await kiln(['validate', 'newer'], dir, { env: env() });
    expect(newer.code).toBe(1);
    expect(newer.err).toContain('* github.com/hashicorp/docker >= 1.2\n');
    // Native first: no plugin needed at all when KILN_PLUGINS does not ask for it.
    const native = await kiln(['validate', 'newer'], dir, {
      env: { PACKER_PLUGIN_PATH: tempDir('kiln-none-') },
    });
    expect([native.code, native.out]).toEqual([0, 'The configuration is valid.\n']);
  });

  it('says which plugin is missing when KILN_PLUGINS forces one that is not installed', async () => {
    const dir = tempTemplate({
      'main.pkr.hcl':
        'source "docker" "x" {\n  image = "debian"\n}\nbuild {\n  sources = ["source.docker.x"]\n}\n',
    });
    const empty = tempDir('kiln-no-plugins-');
    const r = await kiln(['validate', '.'], dir, {
      env: { PACKER_PLUGIN_PATH: empty, KILN_PLUGINS: 'external:docker' },
    });
    expect(r.code).toBe(1);
    expect(r.err).toContain('Error: Missing plugin for builder docker');
    expect(r.err.replace(/\s+/g, ' ')).toContain(
      `runs docker from its installed plugin (github.com/hashicorp/docker), but no plugin installed in ${empty} provides it.`,
    );
  });
});

describeWithPlugin('kiln validate with kilnfixture (all four kinds)', 'kilnfixture', 'v0.2.0', (binary) => {
  let plugins: string;
  beforeAll(async () => {
    plugins = tempDir('kiln-plugin-path-');
    await installPlugin(plugins, 'github.com/kiln-project/kilnfixture', binary);
  });

  const TEMPLATE = `packer {
  required_plugins {
    fx = {
      source  = "github.com/kiln-project/kilnfixture"
      version = ">= 0.1.0"
    }
  }
}

data "fx-my-datasource" "d" {
  mock = "dee"
}

source "kilnfixture-my-builder" "b" {
  mock  = data.fx-my-datasource.d.foo
  count = 2
  names = ["a", "b"]
  tags  = { a = "b" }
  volume {
    name = "v1"
    size = 3
  }
  settings {
    mode = "fast"
  }
}

build {
  sources = ["source.kilnfixture-my-builder.b"]
  provisioner "fx-my-provisioner" {
    greeting = "hello \${build.MockData}"
  }
  post-processor "kilnfixture-my-post-processor" {
    mock = "pp"
  }
}
`;

  it('validates a builder, a provisioner, a post-processor and a data source from the plugin', async () => {
    const dir = tempTemplate({ 'main.pkr.hcl': TEMPLATE });
    const r = await kiln(['validate', '.'], dir, { env: { PACKER_PLUGIN_PATH: plugins } });
    expect(r.err).toBe('');
    expect(r.out).toBe('The configuration is valid.\n');
    expect(r.code).toBe(0);
    expect(children()).toEqual([]);
  });

  it.each([
    [
      'a misspelt provisioner option (and the required one it misses)',
      'greeting = "hello ${build.MockData}"',
      'greting = "x"',
      [
        ['Missing required argument', 30, 35],
        ['Unsupported argument', 31, 5],
      ],
    ],
    [
      'a required argument of the spec, at the opening brace as hcldec does',
      'greeting = "hello ${build.MockData}"',
      'command = "true"',
      [['Missing required argument', 30, 35]],
    ],
    ['a type error in a block', 'size = 3', 'size = "big"', [['Incorrect attribute value type', 21, 12]]],
    [
      'a block used twice',
      '  settings {\n    mode = "fast"\n  }',
      '  settings {}\n  settings {}',
      [['Duplicate settings block', 24, 3]],
    ],
    [
      'an unknown output of the data source',
      'data.fx-my-datasource.d.foo',
      'data.fx-my-datasource.d.fooo',
      [['Unsupported attribute', 15, 34]],
    ],
    [
      "the data source's own Configure error, though it is not executed",
      'mock = "dee"',
      'mock = ""',
      [['the mock option is required', 10, 1]],
    ],
    [
      "a build.* name the builder's Prepare does not generate",
      'build.MockData',
      'build.MockDatum',
      [['Unsupported attribute', 31, 30]],
    ],
    [
      "the builder's own Prepare error, on the source block",
      'count = 2',
      'count = -1',
      [['count must not be negative', 14, 1]],
    ],
  ])('reports %s', async (_title, from, to, expected) => {
    const dir = tempTemplate({ 'main.pkr.hcl': TEMPLATE.replace(from, to) });
    const r = await kiln(['validate', '-format=json', '.'], dir, { env: { PACKER_PLUGIN_PATH: plugins } });
    const body = JSON.parse(r.out) as {
      diagnostics: { summary: string; range?: { start: { line: number; column: number } } }[];
    };
    expect(body.diagnostics.map((d) => [d.summary, d.range?.start.line, d.range?.start.column])).toEqual(
      expected,
    );
    expect(r.code).toBe(1);
  });

  it("runs the plugin's data source: its output is usable in a later expression (console, -evaluate-datasources)", async () => {
    const dir = tempTemplate({
      'main.pkr.hcl':
        TEMPLATE + 'locals {\n  both = "${data.fx-my-datasource.d.foo}/${data.fx-my-datasource.d.bar}"\n}\n',
    });
    const env = { PACKER_PLUGIN_PATH: plugins };
    const { runConsole } = await import('../../src/cli/commands/console');
    const { captureIO } = await import('../support/kiln');
    const io = captureIO(dir, { env, stdin: 'local.both\n' });
    expect(await runConsole(['.'], io.io)).toBe(0);
    expect(io.out()).toBe('foo-dee/bar\n');
    const v = await kiln(['validate', '-evaluate-datasources', '.'], dir, { env });
    expect([v.code, v.out, v.err]).toEqual([0, 'The configuration is valid.\n', '']);
    const bad = tempTemplate({ 'main.pkr.hcl': TEMPLATE.replace('mock = "dee"', 'mock = ""') });
    const b = await kiln(['validate', '-evaluate-datasources', '.'], bad, { env });
    expect(b.code).toBe(1);
    expect(b.err).toContain('Error: the mock option is required');
    expect(children()).toEqual([]);
  });

  it("validates a legacy JSON template's plugin components, Prepare checking {{ build }} names", async () => {
    const template = (name: string): string =>
      JSON.stringify({
        builders: [{ type: 'kilnfixture-my-builder', mock: 'x', count: '3', volume: [{ name: 'a' }] }],
        provisioners: [{ type: 'kilnfixture-my-provisioner', greeting: `hi {{build \`${name}\`}}` }],
        'post-processors': [{ type: 'kilnfixture-my-post-processor', mock: 'y' }],
      });
    const dir = tempTemplate({ 'ok.json': template('MockData'), 'bad.json': template('MockDatum') });
    const ok = await kiln(['validate', 'ok.json'], dir, { env: { PACKER_PLUGIN_PATH: plugins } });
    expect([ok.code, ok.out, ok.err]).toEqual([0, 'The configuration is valid.\n', '']);
    const bad = await kiln(['validate', 'bad.json'], dir, { env: { PACKER_PLUGIN_PATH: plugins } });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Error: Failed preparing provisioner-block "kilnfixture-my-provisioner" ""');
    expect(bad.err.replace(/\s+/g, ' ')).toContain(
      'error calling build: loaded data, but couldnt find MockDatum in it.',
    );
    expect(children()).toEqual([]);
  });

  it("says which required plugin is missing, in Packer's words, and where Kiln looked for a type", async () => {
    const dir = tempTemplate({ 'main.pkr.hcl': TEMPLATE.replace('>= 0.1.0', '>= 0.3.0') });
    const r = await kiln(['validate', '.'], dir, { env: { PACKER_PLUGIN_PATH: plugins } });
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'Error: Missing plugins\n\nThe following plugins are required, but not installed:\n\n' +
        '* github.com/kiln-project/kilnfixture >= 0.3.0\n\nDid you run kiln init for this project ?',
    );
    const unknown = tempTemplate({
      'main.pkr.hcl': 'source "vmware-iso" "x" {}\nbuild {\n  sources = ["source.vmware-iso.x"]\n}\n',
    });
    const u = await kiln(['validate', '.'], unknown, { env: { PACKER_PLUGIN_PATH: plugins } });
    expect(u.err).toContain('Error: Unknown source type vmware-iso');
    expect(u.err.replace(/\s+/g, ' ')).toContain(
      `is likely part of a plugin that is not installed: no plugin installed in ${plugins} provides it.`,
    );
    expect(u.err).toContain('https://developer.hashicorp.com/packer/integrations?filter=vmware');
  });
});
