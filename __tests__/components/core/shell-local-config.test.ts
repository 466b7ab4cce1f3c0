import * as path from 'node:path';
import {
  SHELL_LOCAL_FIELDS,
  convertToLinuxPath,
  shellLocalSettings,
  validateShellLocal,
} from '../../../src/components/core/shell-local-config';
import type { ConfigProblem, FieldSpec } from '../../../src/schema/types';
import { type FakeValue, UNKNOWN, fakeView } from '../../support/config-view';
import { fieldListProblems, shapeOf } from '../../support/schema-checks';
import { messagesOf } from '../../support/component-harness';
import { tempDir, writeFiles } from '../../support/temp';

const check = (data: Record<string, FakeValue>): ConfigProblem[] =>
  validateShellLocal(fakeView(SHELL_LOCAL_FIELDS, data));
const messages = (data: Record<string, FakeValue>): string[] => messagesOf(check(data));

const EMPTY = 'Command, Inline, Script and Scripts options cannot all be empty.';
const TOO_MANY =
  'You may only specify one of the following options: Command, Inline, Script or Scripts. ' +
  'Please consolidate these options in your config.';

const dir = writeFiles(tempDir('kiln-shell-local-'), { 'script.sh': 'echo hi\n' });
const script = path.join(dir, 'script.sh');
const missing = path.join(dir, 'missing.sh');

describe('shell-local options', () => {
  test("are the SDK's shell-local Config, well formed", () => {
    expect(fieldListProblems(SHELL_LOCAL_FIELDS, 'shell-local')).toEqual([]);
    expect(shapeOf(SHELL_LOCAL_FIELDS)).toEqual({
      inline: 'list(string)',
      script: 'string',
      scripts: 'list(string)',
      valid_exit_codes: 'list(number)',
      environment_vars: 'list(string)',
      env: 'map(string)',
      env_var_format: 'string',
      command: 'string',
      execute_command: 'list(string)',
      inline_shebang: 'string',
      only_on: 'list(string)',
      tempfile_extension: 'string',
      use_linux_pathing: 'bool',
    });
    const defaults = Object.fromEntries(SHELL_LOCAL_FIELDS.map((f: FieldSpec) => [f.name, f.default]));
    expect(defaults.execute_command).toEqual(['/bin/sh', '-c', '{{.Vars}} {{.Script}}']);
    expect(defaults.inline_shebang).toBe('/bin/sh -e');
    expect(defaults.env_var_format).toBe("%s='%s' ");
  });
});

describe('validateShellLocal', () => {
  test('exactly one of command, inline, script, scripts passes', () => {
    expect(check({ command: 'echo hi' })).toEqual([]);
    expect(check({ inline: ['echo hi'] })).toEqual([]);
    expect(check({ script })).toEqual([]);
    expect(check({ scripts: [script] })).toEqual([]);
  });

  test('none of them is refused', () => {
    expect(check({})).toEqual([{ message: EMPTY }]);
    expect(messages({ inline: [], command: '' })).toEqual([EMPTY]);
  });

  test('more than one is refused, as often as Packer says it', () => {
    expect(check({ command: 'x', inline: ['y'] })).toEqual([{ message: TOO_MANY, field: 'command' }]);
    // command blocks nothing else, then script sees inline: two reports.
    expect(messages({ command: 'x', inline: ['y'], script })).toEqual([TOO_MANY, TOO_MANY]);
    expect(check({ script, scripts: [script] })).toEqual([{ message: TOO_MANY, field: 'script' }]);
    expect(check({ scripts: [script], inline: ['y'] })).toEqual([{ message: TOO_MANY, field: 'inline' }]);
    // An explicit empty inline list is still "given" to the last check (Go's non-nil slice).
    expect(check({ scripts: [script], inline: [] })).toEqual([{ message: TOO_MANY, field: 'inline' }]);
  });

  test("missing scripts are Bad script with Go's stat error", () => {
    const bad = `Bad script '${missing}': stat ${missing}: no such file or directory`;
    expect(check({ script: missing })).toEqual([{ message: bad, field: 'script' }]);
    expect(check({ scripts: [script, missing] })).toEqual([{ message: bad, field: 'scripts' }]);
  });

  test('only_on takes Go OS names; a wrong one is then the only problem reported', () => {
    expect(check({ inline: ['x'], only_on: ['linux', 'darwin', 'windows'] })).toEqual([]);
    expect(check({ script: missing, environment_vars: ['bad'], only_on: ['linux', 'macos'] })).toEqual([
      {
        message: "Invalid OS specified in only_on: 'macos'",
        detail: 'Supported OS names: darwin, freebsd, linux, openbsd, solaris, windows',
        field: 'only_on',
      },
    ]);
    expect(check({ inline: ['x'], only_on: UNKNOWN })).toEqual([]);
  });

  test('use_linux_pathing refuses inline commands and paths without a drive', () => {
    const abs = path.resolve(script);
    const expected = abs.replace(/\\/g, '/').includes(':/')
      ? []
      : [
          {
            message:
              "There was an error splitting your absolute path; expected to find a drive following the format ':/' " +
              `but did not: absolute path: ${abs}`,
            field: 'use_linux_pathing',
          },
        ];
    expect(check({ script, use_linux_pathing: true })).toEqual(expected);
    expect(check({ inline: ['x'], use_linux_pathing: true })).toEqual([
      {
        message:
          'Packer is unable to use the Command and Inline features with the Windows Linux Subsystem. ' +
          'Please use the Script or Scripts options instead',
        field: 'use_linux_pathing',
      },
    ]);
    expect(messages({ command: 'x', use_linux_pathing: true })).toHaveLength(1);
  });

  test('environment_vars must be key=value', () => {
    expect(check({ inline: ['x'], environment_vars: ['A=b'] })).toEqual([]);
    expect(messages({ inline: ['x'], environment_vars: ['=b'] })).toEqual([
      "Environment variable not in format 'key=value': =b",
    ]);
  });

  test('unknown commands keep the command checks quiet', () => {
    expect(check({ command: UNKNOWN })).toEqual([]);
    expect(check({ inline: UNKNOWN, script })).toEqual([]);
  });
});

describe('convertToLinuxPath', () => {
  test('a drive path becomes a /mnt path', () => {
    expect(convertToLinuxPath('C:\\Users\\me\\x.sh')).toEqual({ path: '/mnt/c/Users/me/x.sh' });
    expect(convertToLinuxPath('D:/a/b')).toEqual({ path: '/mnt/d/a/b' });
    expect(convertToLinuxPath('/home/me/x.sh')).toHaveProperty('error');
  });
});

describe('shellLocalSettings', () => {
  const settings = (
    data: Record<string, FakeValue>,
    kind: 'provisioner' | 'post-processor' = 'provisioner',
    platform: NodeJS.Platform = 'linux',
  ) => shellLocalSettings(fakeView(SHELL_LOCAL_FIELDS, data), kind, platform);

  test('Unix defaults', () => {
    expect(settings({ command: 'echo hi' })).toEqual({
      executeCommand: ['/bin/sh', '-c', '{{.Vars}} {{.Script}}'],
      inlineShebang: '/bin/sh -e',
      tempfileExtension: '',
      envVarFormat: "%s='%s' ",
      inline: ['echo hi'],
      scripts: [],
    });
    expect(settings({ execute_command: [], inline_shebang: '', env_var_format: '' }).executeCommand).toEqual([
      '/bin/sh',
      '-c',
      '{{.Vars}} {{.Script}}',
    ]);
  });

  test('Windows defaults', () => {
    expect(settings({ script: 'x.cmd' }, 'provisioner', 'win32')).toEqual({
      executeCommand: ['cmd', '/V', '/C', '{{.Vars}}', 'call', '{{.Script}}'],
      inlineShebang: '',
      tempfileExtension: 'cmd',
      envVarFormat: 'set %s=%s && ',
      inline: [],
      scripts: ['x.cmd'],
    });
    expect(
      settings({ tempfile_extension: '.ps1', use_linux_pathing: true }, 'provisioner', 'win32'),
    ).toMatchObject({
      tempfileExtension: 'ps1',
      envVarFormat: "%s='%s' ",
    });
  });

  test('the post-processor runs a one-element execute_command with sh -c', () => {
    expect(settings({ execute_command: ['echo {{.Script}}'] }, 'post-processor').executeCommand).toEqual([
      'sh',
      '-c',
      'echo {{.Script}}',
    ]);
    expect(settings({ execute_command: ['echo {{.Script}}'] }, 'provisioner').executeCommand).toEqual([
      'echo {{.Script}}',
    ]);
  });
});
