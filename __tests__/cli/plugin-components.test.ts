import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { templateComponents } from '../../src/cli/plugin-components';
import { tempDir, tempTemplate } from '../support/temp';

/**
 * The composition root's component tables: native only (nothing described, nothing started) unless
 * the template names a type Kiln lacks or KILN_PLUGINS sends one out; failures name the plugin.
 * Fake plugins here are shell scripts: `describe` answers, `start` fails as a broken plugin would.
 */

const GOARCH: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64' };

function fakePlugin(
  dir: string,
  source: string,
  version: string,
  builders: string[],
  mark: string,
  protocol = 'v2',
): string {
  const name = source.split('/').pop() as string;
  const binary = path.join(
    dir,
    source,
    `packer-plugin-${name}_${version}_x5.0_${process.platform}_${GOARCH[process.arch]}`,
  );
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  const description = JSON.stringify({
    version: version.slice(1),
    sdk_version: '0.6.2',
    api_version: 'x5.0',
    builders,
    post_processors: [],
    provisioners: [],
    datasources: [],
    protocol_version: protocol,
  });
  fs.writeFileSync(
    binary,
    `#!/bin/sh\necho "$1" >> ${mark}\n[ "$1" = describe ] && echo '${description}' && exit 0\necho "this plugin is broken" >&2\nexit 3\n`,
    { mode: 0o755 },
  );
  fs.writeFileSync(`${binary}_SHA256SUM`, createHash('sha256').update(fs.readFileSync(binary)).digest('hex'));
  return binary;
}

const DOCKER =
  'source "docker" "x" {\n  image = "i"\n  commit = true\n}\nbuild {\n  sources = ["source.docker.x"]\n}\n';

describe('the components of a template', () => {
  it('are the native ones, with no plugin described, for a template Kiln runs natively', async () => {
    const plugins = tempDir('kiln-plugins-');
    const mark = path.join(plugins, 'calls');
    fakePlugin(plugins, 'github.com/hashicorp/docker', 'v1.1.2', ['-packer-default-plugin-name-'], mark);
    const dir = tempTemplate({ 'main.pkr.hcl': DOCKER });
    const c = await templateComponents({ path: '.', cwd: dir, env: { PACKER_PLUGIN_PATH: plugins } });
    expect(c.bridged).toEqual([]);
    expect(c.diagnostics).toEqual([]);
    expect(c.registry.get('builder', 'docker')?.plugin).toBe('github.com/hashicorp/docker');
    expect(fs.existsSync(mark)).toBe(false);
  });

  it('say which plugin failed to start, after describing it, when KILN_PLUGINS sends a type out', async () => {
    const plugins = tempDir('kiln-plugins-');
    const mark = path.join(plugins, 'calls');
    const binary = fakePlugin(
      plugins,
      'github.com/hashicorp/docker',
      'v1.1.2',
      ['-packer-default-plugin-name-'],
      mark,
    );
    const dir = tempTemplate({ 'main.pkr.hcl': DOCKER });
    const c = await templateComponents({
      path: '.',
      cwd: dir,
      env: { PACKER_PLUGIN_PATH: plugins, KILN_PLUGINS: 'external' },
    });
    expect(fs.readFileSync(mark, 'utf8').split('\n').filter(Boolean)).toEqual(['describe', 'start']);
    expect(c.diagnostics.map((d) => d.summary)).toEqual(['Failed to load source type']);
    expect(c.diagnostics[0].detail).toContain(`github.com/hashicorp/docker v1.1.2 (${binary})`);
    expect(c.diagnostics[0].detail).toContain('this plugin is broken');
    // At the source block that uses the type (its header), as Packer's startBuilder reports it.
    expect(c.diagnostics[0].subject).toMatchObject({
      filename: 'main.pkr.hcl',
      start: { line: 1, column: 1 },
      end: { line: 1, column: 20 },
    });
    // The native docker builder is not used in its place.
    expect(c.registry.get('builder', 'docker')).toBeUndefined();
  });

  it('refuse a plugin of the old protocol when the template uses it, saying what to install', async () => {
    const plugins = tempDir('kiln-plugins-');
    const mark = path.join(plugins, 'calls');
    fakePlugin(plugins, 'github.com/hashicorp/amazon', 'v1.2.0', ['ebssurrogate'], mark, '');
    const dir = tempTemplate({
      'main.pkr.hcl':
        'source "amazon-ebssurrogate" "x" {}\nbuild {\n  sources = ["source.amazon-ebssurrogate.x"]\n}\n',
    });
    const c = await templateComponents({ path: '.', cwd: dir, env: { PACKER_PLUGIN_PATH: plugins } });
    expect(c.diagnostics.map((d) => d.summary)).toEqual(['Failed to load source type']);
    expect(c.diagnostics[0].detail).toMatch(
      /reports no protocol_version; Kiln speaks only plugin protocol v2.*Use github\.com\/hashicorp\/amazon v1\.3\.5 or later/s,
    );
    expect(c.diagnostics[0].subject).toMatchObject({
      filename: 'main.pkr.hcl',
      start: { line: 1, column: 1 },
    });
    // Described, never started.
    expect(fs.readFileSync(mark, 'utf8').split('\n').filter(Boolean)).toEqual(['describe']);
  });

  it('report a KILN_PLUGINS value they do not understand', async () => {
    const dir = tempTemplate({ 'main.pkr.hcl': DOCKER });
    const c = await templateComponents({ path: '.', cwd: dir, env: { KILN_PLUGINS: 'yes' } });
    expect(c.diagnostics.map((d) => d.summary)).toEqual(['Invalid KILN_PLUGINS']);
  });
});
