import * as fs from 'fs';
import * as path from 'path';

import { type InitRequirement, initPlugins } from '../../../src/plugins/install/init';
import { readLockFile } from '../../../src/plugins/install/lock-file';
import type { ReleaseSource } from '../../../src/plugins/install/sources';
import { tempDir } from '../../support/temp';

/**
 * initPlugins and the lock file (issue 17): a built-in plugin's entry already in the lock is kept
 * exactly as written while the template requires the plugin; an entry whose plugin left
 * required_plugins is dropped (Terraform's init); nothing is written when a plugin failed.
 */

const DOCKER_ENTRY = `plugin "github.com/hashicorp/docker" {
  version = "1.1.2"   # made with KILN_PLUGINS=external
  constraints = ">= 1.0.0"
  hashes = ["h1:AAAA", "zh:0123"]
}
`;
const AMAZON_ENTRY = `
plugin "github.com/hashicorp/amazon" {
  version     = "1.8.0"
  constraints = "~> 1.8"
  hashes = [
    "zh:4567",
  ]
}
`;

const builtin = (accessor: string, constraints = '>= 1.0.0'): InitRequirement => ({
  accessor,
  source: `github.com/hashicorp/${accessor}`,
  constraints,
  builtin: true,
});

/** A source that must not be asked anything (built-in plugins need no download). */
const untouchable: ReleaseSource = {
  name: 'untouchable',
  serves: () => {
    throw new Error('a built-in plugin asked a source');
  },
  versions: () => Promise.reject(new Error('unexpected')),
  archives: () => Promise.reject(new Error('unexpected')),
  apiVersion: () => Promise.reject(new Error('unexpected')),
  download: () => Promise.reject(new Error('unexpected')),
  binaryName: () => 'unexpected',
};

function project(lockText?: string): { dir: string; lockFile: string } {
  const dir = tempDir('kiln-init-unit-');
  const lockFile = path.join(dir, '.kiln.lock.hcl');
  if (lockText !== undefined) fs.writeFileSync(lockFile, lockText);
  return { dir, lockFile };
}

describe('initPlugins and the lock entries of built-in plugins', () => {
  it('keeps a built-in plugin’s entry byte for byte: nothing is rewritten', async () => {
    const { dir, lockFile } = project(DOCKER_ENTRY);
    for (const upgrade of [false, true]) {
      const report = await initPlugins({
        requirements: [builtin('docker')],
        directory: path.join(dir, 'plugins'),
        lockFile,
        sources: [untouchable],
        upgrade,
      });
      expect(report.results.map((r) => r.status)).toEqual(['builtin']);
      expect(report.lockWritten).toBe(false);
      expect(fs.readFileSync(lockFile, 'utf8')).toBe(DOCKER_ENTRY);
    }
  });

  it('drops the entry of a plugin no longer required and keeps the built-in one as it was', async () => {
    const { dir, lockFile } = project(DOCKER_ENTRY + AMAZON_ENTRY);
    const before = readLockFile(lockFile)?.get('github.com/hashicorp/docker');
    const report = await initPlugins({
      requirements: [builtin('docker')],
      directory: path.join(dir, 'plugins'),
      lockFile,
      sources: [untouchable],
    });
    expect(report.lockWritten).toBe(true);
    const after = readLockFile(lockFile);
    expect([...(after?.keys() ?? [])]).toEqual(['github.com/hashicorp/docker']);
    expect(after?.get('github.com/hashicorp/docker')).toEqual(before);
    expect(before).toEqual({
      source: 'github.com/hashicorp/docker',
      version: '1.1.2',
      constraints: '>= 1.0.0',
      hashes: ['h1:AAAA', 'zh:0123'],
    });
  });

  it('adds no entry for a built-in plugin that has none, and writes no lock for built-in plugins alone', async () => {
    const { dir, lockFile } = project();
    const report = await initPlugins({
      requirements: [builtin('docker'), builtin('amazon')],
      directory: path.join(dir, 'plugins'),
      lockFile,
      sources: [untouchable],
    });
    expect(report.results.map((r) => r.status)).toEqual(['builtin', 'builtin']);
    expect(report.lockWritten).toBe(false);
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('keeps a built-in entry even when its constraint changed (Kiln runs the plugin natively, there is nothing to check)', async () => {
    const { dir, lockFile } = project(DOCKER_ENTRY);
    const report = await initPlugins({
      requirements: [builtin('docker', '~> 2.0')],
      directory: path.join(dir, 'plugins'),
      lockFile,
      sources: [untouchable],
    });
    expect(report.lockWritten).toBe(false);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(DOCKER_ENTRY);
  });

  it('writes nothing when another plugin could not be installed, so a removed entry survives a failed init', async () => {
    const { dir, lockFile } = project(DOCKER_ENTRY + AMAZON_ENTRY);
    const report = await initPlugins({
      requirements: [
        builtin('docker'),
        { accessor: 'other', source: 'example.com/acme/other', constraints: '>= 1.0.0', builtin: false },
      ],
      directory: path.join(dir, 'plugins'),
      lockFile,
      sources: [{ ...untouchable, serves: () => false }],
    });
    expect(report.results.map((r) => r.status)).toEqual(['builtin', 'failed']);
    expect(report.lockWritten).toBe(false);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(DOCKER_ENTRY + AMAZON_ENTRY);
  });
});
