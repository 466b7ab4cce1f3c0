import { fixturePath } from '../../support/fixtures';
import { kiln } from '../../support/kiln';
import { tempTemplate } from '../../support/temp';

/**
 * `kiln validate` on powershell / windows-shell / windows-restart blocks gives Packer's verdicts.
 * The expected messages were recorded by running Debian's packer 1.6.6 on the same templates
 * (test-env/compare-validate.js repeats that for the two fixtures) and checked against Packer
 * 1.16's source for what changed since: `env`, `use_pwsh` and `pause_after` exist, and
 * execution_policy names are matched in any case since 1.12 (1.6.6 refuses `RemoteSigned`). Where Kiln words
 * a decode failure its own way ("Failed parsing X" where Packer says "error decoding 'X': …"), the
 * detail is still Go's text.
 */

interface JsonDiagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail: string;
}

async function verdict(
  dir: string,
  target = '.',
): Promise<{ code: number; errors: string[]; details: string[] }> {
  const r = await kiln(['validate', '-format=json', target], dir);
  const diags = (JSON.parse(r.out) as { diagnostics: JsonDiagnostic[] }).diagnostics;
  const errors = diags.filter((d) => d.severity === 'error');
  return { code: r.code, errors: errors.map((d) => d.summary), details: errors.map((d) => d.detail) };
}

const SOURCE = 'source "null" "w" {\n  communicator = "none"\n}\n';
const build = (blocks: string): string => `${SOURCE}build {\n  sources = ["source.null.w"]\n${blocks}\n}\n`;

test('blocks in the shape of runner-images Windows templates are valid (packer 1.6.6: valid too)', async () => {
  const r = await verdict(fixturePath('corpus', 'windows-provisioners'));
  expect(r).toEqual({ code: 0, errors: [], details: [] });
});

test("every Prepare error of the invalid fixture, in Packer's words and order", async () => {
  const r = await verdict(fixturePath('invalid', 'windows-provisioners'));
  expect(r.code).toBe(1);
  expect(r.errors).toEqual([
    'Either a script file or inline script must be specified.',
    'Only one of script or scripts can be specified.',
    "Must supply an 'elevated_user' if 'elevated_password' provided",
    'Only a script file or an inline script can be specified, not both.',
    "Bad script 'missing.ps1': stat missing.ps1: no such file or directory",
    "Environment variable not in format 'key=value': NOVALUE",
    "Environment variable not in format 'key=value': =nokey",
    'Invalid execution policy provided. Please supply one of: "bypass", "allsigned", "default", "remotesigned", "restricted", "undefined", "unrestricted", "none".',
    '3 is an invalid Trace level for `debug_mode`; valid values are 0, 1, and 2',
    'Only a script file or an inline script can be specified, not both.',
    "Bad script 'missing.bat': stat missing.bat: no such file or directory",
    "Environment variable not in format 'key=value': =x",
    'Either a script file or inline script must be specified.',
    'Unsupported argument',
  ]);
});

test('a bad execution_policy is a decode failure that hides the other checks, as in Packer', async () => {
  const dir = tempTemplate({
    'a.pkr.hcl': build('  provisioner "powershell" {\n    execution_policy = "foo"\n  }'),
  });
  // packer 1.6.6: "error decoding 'execution_policy': foo does not belong to ExecutionPolicy values",
  // and no "Either a script file or inline script" although neither is given.
  expect(await verdict(dir)).toEqual({
    code: 1,
    errors: ['Failed parsing execution_policy'],
    details: ['foo does not belong to ExecutionPolicy values'],
  });
});

test('execution_policy: names in any case (Packer ≥ 1.12), enum numbers, and -1 pass; 8 does not', async () => {
  const blocks = ['RemoteSigned', 'unrestricted', '7', '-1', '8']
    .map((p) => `  provisioner "powershell" {\n    inline = ["a"]\n    execution_policy = "${p}"\n  }`)
    .join('\n');
  const r = await verdict(tempTemplate({ 'a.pkr.hcl': build(blocks) }));
  expect(r.errors).toEqual([
    'Invalid execution policy provided. Please supply one of: "bypass", "allsigned", "default", "remotesigned", "restricted", "undefined", "unrestricted", "none".',
  ]);
});

test('options added after 1.6.6 (env, use_pwsh, pause_after) are accepted; debug_mode -1 is not', async () => {
  const dir = tempTemplate({
    'a.pkr.hcl': build(
      '  provisioner "powershell" {\n    inline = ["a"]\n    env = { A = "1" }\n    use_pwsh = true\n    pause_after = "10s"\n  }\n' +
        '  provisioner "windows-shell" {\n    inline = ["a"]\n    env = { A = "1" }\n  }\n' +
        '  provisioner "powershell" {\n    inline = ["a"]\n    debug_mode = -1\n  }',
    ),
  });
  const r = await verdict(dir);
  expect(r.errors).toEqual(['-1 is an invalid Trace level for `debug_mode`; valid values are 0, 1, and 2']);
});

test('windows-restart durations are parsed as Go durations', async () => {
  const dir = tempTemplate({
    'a.pkr.hcl': build('  provisioner "windows-restart" {\n    restart_timeout = "10 minutes"\n  }'),
  });
  expect(await verdict(dir)).toEqual({
    code: 1,
    errors: ['Failed parsing restart_timeout'],
    details: ['time: unknown unit " minutes" in duration "10 minutes"'],
  });
});

test('legacy JSON: the same provisioners, with {{user}} and {{build_name}} in their options', async () => {
  const template = {
    builders: [{ type: 'null', communicator: 'none' }],
    provisioners: [
      {
        type: 'powershell',
        inline: ['Write-Host {{build_name}}'],
        elevated_user: '{{user `u`}}',
        elevated_password: '{{.WinRMPassword}}',
      },
      { type: 'windows-restart', restart_timeout: '{{user `t`}}' },
      {
        type: 'windows-shell',
        inline: ['echo {{build_type}}'],
        execute_command: '{{.Vars}} cmd /c {{.Path}}',
      },
      { type: 'powershell', execution_policy: 3, script: 'nope.ps1' },
    ],
    variables: { u: 'admin', t: '7m' },
  };
  const dir = tempTemplate({ 't.json': JSON.stringify(template, null, 2) });
  // packer 1.6.6: only "Bad script 'nope.ps1': stat nope.ps1: no such file or directory".
  const r = await verdict(dir, 't.json');
  expect(r.errors).toEqual(["Bad script 'nope.ps1': stat nope.ps1: no such file or directory"]);
});
