import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import {
  externalSwitch,
  listInstallations,
  pluginDirectory,
  resolvePluginComponents,
  useKey,
} from '../../src/plugins/discovery';
import { tempDir } from '../support/temp';

/**
 * Packer's installed layout and choice of plugins, against fake plugin binaries (shell scripts
 * whose `describe` prints what a plugin set would) in a temporary plugin directory.
 */

const GOARCH: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64' };
const SUFFIX = `_x5.0_${process.platform}_${GOARCH[process.arch] ?? process.arch}`;

interface Fake {
  /** Relative to the plugin directory: `github.com/hashicorp/docker`. */
  readonly dir: string;
  readonly name: string;
  /** In the file name, `v1.2.3`. */
  readonly version: string;
  /** What describe reports (default: the file's version without v). */
  readonly reports?: string;
  readonly builders?: readonly string[];
  readonly provisioners?: readonly string[];
  readonly datasources?: readonly string[];
  readonly protocol?: string;
  /** false: no _SHA256SUM; 'bad': a wrong one. */
  readonly checksum?: boolean | 'bad';
}

function install(root: string, f: Fake): string {
  const dir = path.join(root, f.dir);
  fs.mkdirSync(dir, { recursive: true });
  const binary = path.join(dir, `packer-plugin-${f.name}_${f.version}${SUFFIX}`);
  const description = JSON.stringify({
    version: f.reports ?? f.version.slice(1),
    sdk_version: '0.6.2',
    api_version: 'x5.0',
    builders: f.builders ?? ['-packer-default-plugin-name-'],
    post_processors: [],
    provisioners: f.provisioners ?? [],
    datasources: f.datasources ?? [],
    protocol_version: f.protocol ?? 'v2',
  });
  fs.writeFileSync(binary, `#!/bin/sh\n[ "$1" = describe ] && echo '${description}'\n`, { mode: 0o755 });
  if (f.checksum !== false) {
    const sum = createHash('sha256').update(fs.readFileSync(binary)).digest('hex');
    fs.writeFileSync(
      `${binary}_SHA256SUM`,
      f.checksum === 'bad' ? sum.replace(/^./, (c) => (c === '0' ? '1' : '0')) : sum,
    );
  }
  return binary;
}

const versions = async (
  dir: string,
  opts: Partial<Parameters<typeof listInstallations>[0]> = {},
): Promise<string[]> =>
  (await listInstallations({ directory: dir, ...opts })).map((i) => `${i.name} ${i.version}`);

describe('plugin directory', () => {
  it('is PACKER_PLUGIN_PATH, else the per-user config directory as the SDK finds it', () => {
    const home = tempDir('kiln-home-');
    expect(pluginDirectory({ PACKER_PLUGIN_PATH: '/p', HOME: home })).toBe('/p');
    expect(pluginDirectory({ PACKER_CONFIG_DIR: '/c', HOME: home })).toBe('/c/.packer.d/plugins');
    expect(pluginDirectory({ HOME: home })).toBe(path.join(home, '.config/packer/plugins'));
    expect(pluginDirectory({ HOME: home, XDG_CONFIG_HOME: '/x' })).toBe('/x/packer/plugins');
    fs.mkdirSync(path.join(home, '.packer.d'));
    expect(pluginDirectory({ HOME: home, XDG_CONFIG_HOME: '/x' })).toBe(path.join(home, '.packer.d/plugins'));
  });

  it('refuses several paths in PACKER_PLUGIN_PATH, as Packer does', () => {
    expect(() => pluginDirectory({ PACKER_PLUGIN_PATH: '/a:/b' }, 'linux')).toThrow(
      'Multiple paths are no longer supported for PACKER_PLUGIN_PATH.\nThis should be defined as one of the following options for your environment:\n* PACKER_PLUGIN_PATH=/a\n* PACKER_PLUGIN_PATH=/b',
    );
    expect(() => pluginDirectory({})).toThrow('No $HOME environment variable found');
  });
});

describe('installed plugins', () => {
  it('lists checked binaries by name then version; skips what Packer skips', async () => {
    const dir = tempDir('kiln-plugins-');
    install(dir, { dir: 'github.com/hashicorp/docker', name: 'docker', version: 'v1.1.2' });
    install(dir, { dir: 'github.com/hashicorp/docker', name: 'docker', version: 'v1.0.10' });
    install(dir, { dir: 'github.com/hashicorp/docker', name: 'docker', version: 'v1.2.0-dev' });
    install(dir, { dir: 'github.com/hashicorp/amazon', name: 'amazon', version: 'v1.3.0' });
    // Skipped: no checksum, a wrong one, a non-canonical version, metadata, describe disagreeing,
    // and a binary directly in the plugin directory.
    install(dir, { dir: 'github.com/hashicorp/docker', name: 'docker', version: 'v9.0.0', checksum: false });
    install(dir, { dir: 'github.com/hashicorp/docker', name: 'docker', version: 'v9.0.1', checksum: 'bad' });
    install(dir, { dir: 'github.com/hashicorp/docker', name: 'docker', version: 'v9.0' });
    install(dir, { dir: 'github.com/hashicorp/docker', name: 'docker', version: 'v9.0.2+meta' });
    install(dir, { dir: 'github.com/hashicorp/docker', name: 'docker', version: 'v9.0.3', reports: '9.0.4' });
    install(dir, { dir: '', name: 'docker', version: 'v9.1.0' });
    const log: string[] = [];
    expect(await versions(dir, { log: (l) => log.push(l) })).toEqual([
      'amazon v1.3.0',
      'docker v1.0.10',
      'docker v1.1.2',
      'docker v1.2.0-dev',
    ]);
    expect(log).toHaveLength(5);
    expect(await versions(dir, { releasesOnly: true, names: new Set(['docker']) })).toEqual([
      'docker v1.0.10',
      'docker v1.1.2',
    ]);
  });

  it("checks a constraint on the version's core, so a -dev build matches", async () => {
    const dir = tempDir('kiln-plugins-');
    install(dir, { dir: 'github.com/hashicorp/docker', name: 'docker', version: 'v1.1.2-dev' });
    install(dir, { dir: 'github.com/hashicorp/docker', name: 'docker', version: 'v2.0.0' });
    install(dir, { dir: 'github.com/other/docker', name: 'docker', version: 'v3.0.0' });
    const { parseConstraints } = await import('../../src/text/go-version');
    const c = parseConstraints('>= 1.1.2, < 2');
    if (!c.ok) throw new Error(c.message);
    expect(
      await versions(dir, { source: 'github.com/hashicorp/docker', constraints: c.constraints }),
    ).toEqual(['docker v1.1.2-dev']);
  });

  it('keeps a plugin of the old protocol, refused with the release to move to', async () => {
    const dir = tempDir('kiln-plugins-');
    install(dir, { dir: 'github.com/hashicorp/docker', name: 'docker', version: 'v1.0.0', protocol: '' });
    const [only] = await listInstallations({ directory: dir });
    expect(only.refusal).toMatch(/Use github.com\/hashicorp\/docker v1\.1\.\d+ or later/);
  });
});

describe('which plugin provides a type', () => {
  it('names components after the required_plugins local name first, then after the plugin', async () => {
    const dir = tempDir('kiln-plugins-');
    install(dir, {
      dir: 'github.com/kiln-project/fixture',
      name: 'fixture',
      version: 'v0.1.0',
      builders: ['my-builder'],
      provisioners: ['-packer-default-plugin-name-'],
    });
    install(dir, {
      dir: 'github.com/kiln-project/fixture',
      name: 'fixture',
      version: 'v0.2.0',
      builders: ['my-builder'],
      datasources: ['ds'],
    });
    const r = await resolvePluginComponents({
      directory: dir,
      uses: [
        { kind: 'builder', type: 'fx-my-builder' },
        { kind: 'builder', type: 'fixture-my-builder' },
        { kind: 'datasource', type: 'fixture-ds' },
        { kind: 'provisioner', type: 'fx' },
        { kind: 'builder', type: 'nowhere' },
      ],
      requirements: [{ accessor: 'fx', source: 'github.com/kiln-project/fixture', constraint: '< 0.2' }],
    });
    const found = [...r.components.values()].map(
      (c) => `${c.kind} ${c.type} ${c.name} ${c.version} ${c.source}`,
    );
    expect(found.sort()).toEqual([
      'builder fixture-my-builder my-builder v0.2.0 github.com/kiln-project/fixture',
      'builder fx-my-builder my-builder v0.1.0 github.com/kiln-project/fixture',
      'datasource fixture-ds ds v0.2.0 github.com/kiln-project/fixture',
      'provisioner fx -packer-default-plugin-name- v0.1.0 github.com/kiln-project/fixture',
    ]);
    expect(r.components.has(useKey('builder', 'nowhere'))).toBe(false);
    expect(r.diagnostics).toEqual([]);
  });

  it("says which required plugins are missing, in Packer's words", async () => {
    const r = await resolvePluginComponents({
      directory: tempDir('kiln-plugins-'),
      uses: [],
      requirements: [{ accessor: 'docker', source: 'github.com/hashicorp/docker', constraint: '>= 1.0.0' }],
    });
    expect(r.diagnostics.map((d) => [d.summary, d.detail])).toEqual([
      [
        'Missing plugins',
        'The following plugins are required, but not installed:\n\n* github.com/hashicorp/docker >= 1.0.0\n\nDid you run kiln init for this project ?',
      ],
    ]);
  });
});

describe('KILN_PLUGINS', () => {
  it('sends native types to their plugins: all, some, or none; never Packer built-ins', () => {
    expect(externalSwitch({}).forced('github.com/hashicorp/docker')).toBe(false);
    expect(externalSwitch({ KILN_PLUGINS: 'native' }).forced('github.com/hashicorp/docker')).toBe(false);
    const all = externalSwitch({ KILN_PLUGINS: 'external' });
    expect([all.forced('github.com/hashicorp/docker'), all.forced('builtin')]).toEqual([true, false]);
    const some = externalSwitch({ KILN_PLUGINS: 'external:docker,github.com/hashicorp/ansible' });
    expect(
      ['github.com/hashicorp/docker', 'github.com/hashicorp/ansible', 'github.com/hashicorp/amazon'].map(
        (s) => some.forced(s),
      ),
    ).toEqual([true, true, false]);
    // One type of a plugin, the plugin's other types staying native; built-ins never.
    const tag = externalSwitch({ KILN_PLUGINS: 'external:docker-tag,shell' });
    const docker = 'github.com/hashicorp/docker';
    expect([
      tag.forced(docker, 'docker-tag'),
      tag.forced(docker, 'docker'),
      tag.forced(docker, 'docker-push'),
      tag.forced(docker),
      tag.forced('builtin', 'shell'),
    ]).toEqual([true, false, false, false, false]);
    expect(() => externalSwitch({ KILN_PLUGINS: 'plugins' })).toThrow(
      'KILN_PLUGINS=plugins is not understood',
    );
  });
});
