import * as fs from 'fs';

import { kiln } from '../support/kiln';
import { tempDir, writeFiles } from '../support/temp';

/**
 * `kiln init` reads the template as Packer's init does (GetConfig: the Parse stage) and stops on its
 * errors before asking for any plugin (issue 17): a bad `packer {}` block is printed as `validate` and
 * `build` print it — the same diagnostics, file:line:column, the source underlined — and exits 1.
 * Before, init dropped such entries silently ("No plugins requirement found", exit 0) or ignored them.
 */

const NULL_BUILD = `
source "null" "n" {
  communicator = "none"
}

build {
  sources = ["source.null.n"]
}
`;
const packer = (plugins: string, extra = ''): string =>
  `packer {\n${extra}  required_plugins {\n${plugins}  }\n}\n${NULL_BUILD}`;
const docker = (source: string, version: string): string =>
  `    docker = {\n      source  = "${source}"\n      version = "${version}"\n    }\n`;

const CASES: readonly (readonly [string, string, string])[] = [
  [
    'a bad source address',
    packer(docker('github.com/hashicorp/packer-plugin-docker', '>= 1.0.0')),
    'Error: Failed to parse source',
  ],
  [
    'a bad version constraint',
    packer(docker('github.com/hashicorp/docker', '~> abc')),
    'Error: Invalid version constraint',
  ],
  ['an entry of the wrong type', packer('    docker = ["x"]\n'), 'Error: Invalid required_plugins syntax'],
  ['a version alone', packer('    docker = ">= 1.0"\n'), 'Error: Invalid plugin requirement'],
  [
    'a duplicate name',
    `packer {\n  required_plugins {\n${docker('github.com/hashicorp/docker', '>= 1.0.0')}  }\n  required_plugins {\n${docker('github.com/hashicorp/docker', '>= 1.1.0')}  }\n}\n${NULL_BUILD}`,
    'Error: Duplicate required_plugin."docker" block',
  ],
  [
    'a required_version not met',
    packer(docker('github.com/hashicorp/docker', '>= 1.0.0'), '  required_version = ">= 99.0.0"\n'),
    'Error: Unsupported Packer Core version',
  ],
];

describe('kiln init: errors of the packer block are template diagnostics', () => {
  it.each(CASES)(
    '%s: as validate and build print it, exit 1, nothing installed',
    async (_, text, summary) => {
      const dir = writeFiles(tempDir('kiln-init-diags-'), { 'main.pkr.hcl': text });
      // Unreachable sources: a request would fail differently.
      const env = {
        PACKER_PLUGIN_PATH: `${dir}/plugins`,
        KILN_PLUGIN_RELEASES_URL: 'https://127.0.0.1:9/',
        KILN_PLUGIN_GITHUB_API_URL: 'https://127.0.0.1:9/',
      };
      const init = await kiln(['init', '.'], dir, { env });
      expect(init.code).toBe(1);
      expect(init.out).toBe('');
      expect(init.err.startsWith(`${summary}\n\n  on main.pkr.hcl line `)).toBe(true);
      // The source line, underlined.
      expect(init.err).toMatch(/\n {3,4}\d+: .*\n +\^+/);
      const validate = await kiln(['validate', '.'], dir, { env });
      expect([validate.code, validate.err]).toEqual([1, init.err]);
      const build = await kiln(['build', '.'], dir, { env });
      expect([build.code, build.err]).toEqual([1, init.err]);
      expect(fs.existsSync(`${dir}/plugins`)).toBe(false);
    },
  );

  it('the file, line and columns of the diagnostic reach the observer (the action annotates them)', async () => {
    const dir = writeFiles(tempDir('kiln-init-diags-'), {
      'main.pkr.hcl': packer(docker('github.com/hashicorp/docker', '~> abc')),
    });
    const { runInit } = await import('../../src/cli/commands/init');
    const seen: { summary: string; file?: string; line?: number; column?: number }[] = [];
    let err = '';
    const code = await runInit(['.'], {
      stdout: () => undefined,
      stderr: (t) => {
        err += t;
      },
      readStdin: () => Promise.resolve(''),
      stdinIsTTY: false,
      cwd: dir,
      env: { PACKER_PLUGIN_PATH: `${dir}/plugins` },
      observer: {
        diagnostics: (ds) => {
          for (const d of ds)
            seen.push({
              summary: d.summary,
              file: d.subject?.filename,
              line: d.subject?.start.line,
              column: d.subject?.start.column,
            });
        },
      },
    });
    expect(code).toBe(1);
    expect(err).toContain('Error: Invalid version constraint');
    expect(seen).toEqual([
      { summary: 'Invalid version constraint', file: 'main.pkr.hcl', line: 3, column: 14 },
    ]);
  });

  it('a required_version not met hides the required_plugins problems, as Packer sniffs required_version first', async () => {
    const dir = writeFiles(tempDir('kiln-init-diags-'), {
      'main.pkr.hcl': packer(
        docker('github.com/hashicorp/docker', '~> abc'),
        '  required_version = ">= 99.0.0"\n',
      ),
    });
    for (const command of ['init', 'validate']) {
      const run = await kiln([command, '.'], dir, { env: { PACKER_PLUGIN_PATH: `${dir}/plugins` } });
      expect(run.code).toBe(1);
      expect(run.err).toContain('Error: Unsupported Packer Core version');
      expect(run.err).not.toContain('Invalid version constraint');
    }
  });

  it('warnings are printed and init goes on', async () => {
    const dir = writeFiles(tempDir('kiln-init-diags-'), {
      'main.pkr.hcl': packer(docker('github.com/hashicorp/docker', '>= 1.0.0')),
      'x.auto.pkrvars.hcl': 'undeclared = 1\n',
    });
    const init = await kiln(['init', '.'], dir, { env: { PACKER_PLUGIN_PATH: `${dir}/plugins` } });
    expect([init.code, init.err]).toEqual([0, '']);
    expect(init.out).toMatch(/^Warning: Undefined variable/);
    expect(init.out).toContain('github.com/hashicorp/docker: built in\n');
  });
});
