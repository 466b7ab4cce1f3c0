import * as path from 'path';
import { fakeActionCore } from '../support/action';

import type { CacheBackend } from '../../src/action/plugin-cache';
import { type AnnotationProperties, runAction } from '../../src/action/run';
import { tempDir, writeFiles } from '../support/temp';

/**
 * The action's init step stops on the template's own errors (issue 17): a bad `packer {}` block
 * becomes the same annotations `validate`/`build` would give (file, line, columns), the step fails
 * saying the template has errors, nothing is installed or saved, and the command does not run.
 */

const TEMPLATE = `packer {
  required_plugins {
    kilnfixture = {
      source  = "github.com/hashicorp/kilnfixture"
      version = "~> 1.0"
    }
    docker = {
      source  = "github.com/hashicorp/docker"
      version = "~> abc"
    }
  }
}

source "null" "n" {
  communicator = "none"
}

build {
  sources = ["source.null.n"]
}
`;

interface Annotated {
  level: 'error' | 'warning';
  message: string;
  properties?: AnnotationProperties;
}

async function run(
  ws: string,
  command: string,
  init: boolean,
): Promise<{ code: number; annotations: Annotated[]; failed: string[]; cache: string[] }> {
  const annotations: Annotated[] = [];
  const failed: string[] = [];
  const cache: string[] = [];
  const backend: CacheBackend = {
    available: () => true,
    restore: (_p, key) => {
      cache.push(`restore ${key}`);
      return Promise.resolve(undefined);
    },
    save: (_p, key) => {
      cache.push(`save ${key}`);
      return Promise.resolve();
    },
  };
  const inputs: Record<string, string> = { command, template: 'tpl', init: String(init) };
  const core = fakeActionCore({
    getInput: (n) => inputs[n] ?? '',
    setFailed: (m) => failed.push(m),
    warning: (message, properties) => annotations.push({ level: 'warning', message, properties }),
    error: (message, properties) => annotations.push({ level: 'error', message, properties }),
  });
  const before = process.cwd();
  try {
    const code = await runAction(core, {
      env: {
        PATH: process.env.PATH ?? '',
        PACKER_PLUGIN_PATH: path.join(ws, 'plugins'),
        // Nothing may be asked of a release host: none answers here.
        KILN_PLUGIN_RELEASES_URL: 'https://127.0.0.1:9/',
        KILN_PLUGIN_GITHUB_API_URL: 'https://127.0.0.1:9/',
      },
      workspace: ws,
      chdir: (d) => process.chdir(d),
      pluginCache: () => backend,
    });
    return { code, annotations, failed, cache };
  } finally {
    process.chdir(before);
  }
}

describe('the action: init on a template whose packer block has errors', () => {
  it.each(['validate', 'build'])(
    '%s: the annotations validate gives, the step fails, nothing saved',
    async (command) => {
      const ws = writeFiles(tempDir('kiln-action-init-diags-'), { 'tpl/main.pkr.hcl': TEMPLATE });
      const withInit = await run(ws, command, true);
      const without = await run(ws, command, false);
      expect(withInit.code).toBe(1);
      expect(withInit.annotations).toEqual([
        {
          level: 'error',
          message: expect.stringContaining(
            'This string does not use correct version constraint syntax.',
          ) as string,
          properties: expect.objectContaining({
            title: 'Invalid version constraint',
            file: 'tpl/main.pkr.hcl',
            startLine: 7,
            endLine: 10,
          }) as AnnotationProperties,
        },
      ]);
      // The same annotations as the command itself gives when init is off.
      expect(withInit.annotations).toEqual(without.annotations);
      expect(withInit.failed).toEqual(without.failed);
      expect(withInit.failed).toEqual([
        command === 'validate'
          ? 'The template is not valid: 1 error.'
          : 'The template has 1 error; nothing was built.',
      ]);
      // The directory was looked up in the cache (before init read the template), never saved.
      expect(withInit.cache.filter((c) => c.startsWith('save'))).toEqual([]);
    },
  );
});
