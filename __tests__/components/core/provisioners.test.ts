import * as path from 'node:path';
import {
  BREAKPOINT_PROVISIONER_SCHEMA,
  CORE_PROVISIONER_SCHEMAS,
  FILE_PROVISIONER_SCHEMA,
  SHELL_PROVISIONER_SCHEMA,
  SLEEP_PROVISIONER_SCHEMA,
  shellSettings,
} from '../../../src/components/core/provisioners';
import type { FieldSpec } from '../../../src/schema/types';
import { type FakeValue, UNKNOWN, fakeView } from '../../support/config-view';
import { schemaProblems, shapeOf } from '../../support/schema-checks';
import { checkConfig, messagesOf } from '../../support/component-harness';
import { tempDir, writeFiles } from '../../support/temp';

const dir = writeFiles(tempDir('kiln-provisioners-'), { 'script.sh': 'echo hi\n' });
const script = path.join(dir, 'script.sh');
const missing = path.join(dir, 'missing.sh');

describe('core provisioner declarations', () => {
  test('are shell, file, shell-local, breakpoint and sleep, well formed', () => {
    expect(CORE_PROVISIONER_SCHEMAS.map((s) => [s.kind, s.type, s.plugin])).toEqual([
      ['provisioner', 'shell', 'builtin'],
      ['provisioner', 'file', 'builtin'],
      ['provisioner', 'shell-local', 'builtin'],
      ['provisioner', 'breakpoint', 'builtin'],
      ['provisioner', 'sleep', 'builtin'],
    ]);
    for (const schema of CORE_PROVISIONER_SCHEMAS) expect(schemaProblems(schema)).toEqual([]);
  });

  test("declare exactly the options of Packer's hcl2spec (packer_* internals aside)", () => {
    expect(shapeOf(SHELL_PROVISIONER_SCHEMA.fields)).toEqual({
      inline: 'list(string)',
      script: 'string',
      scripts: 'list(string)',
      valid_exit_codes: 'list(number)',
      environment_vars: 'list(string)',
      env: 'map(string)',
      env_var_format: 'string',
      binary: 'bool',
      remote_path: 'string',
      execute_command: 'string',
      inline_shebang: 'string',
      pause_after: 'string',
      use_env_var_file: 'bool',
      remote_folder: 'string',
      remote_file: 'string',
      start_retry_timeout: 'string',
      skip_clean: 'bool',
      expect_disconnect: 'bool',
    });
    expect(shapeOf(FILE_PROVISIONER_SCHEMA.fields)).toEqual({
      content: 'string',
      source: 'string',
      sources: 'list(string)',
      destination: 'string',
      direction: 'string',
      generated: 'bool',
    });
    expect(shapeOf(BREAKPOINT_PROVISIONER_SCHEMA.fields)).toEqual({ note: 'string', disable: 'bool' });
    expect(shapeOf(SLEEP_PROVISIONER_SCHEMA.fields)).toEqual({ duration: 'string' });
  });

  test("defaults are Packer's", () => {
    const defaults = Object.fromEntries(
      SHELL_PROVISIONER_SCHEMA.fields.map((f: FieldSpec) => [f.name, f.default]),
    );
    expect(defaults.inline_shebang).toBe('/bin/sh -e');
    expect(defaults.remote_folder).toBe('/tmp');
    expect(defaults.start_retry_timeout).toBe('5m');
    expect(defaults.valid_exit_codes).toEqual([0]);
    // Both depend on use_env_var_file: shellSettings resolves them.
    expect(defaults.execute_command).toBeUndefined();
    expect(defaults.env_var_format).toBeUndefined();
    expect(FILE_PROVISIONER_SCHEMA.fields.find((f) => f.name === 'direction')?.default).toBe('upload');
    expect(FILE_PROVISIONER_SCHEMA.fields.find((f) => f.name === 'destination')?.required).toBe(
      'Destination must be specified.',
    );
  });
});

describe('shell provisioner checks', () => {
  const NEITHER = 'Either a script file or inline script must be specified.';
  const BOTH = 'Only a script file or an inline script can be specified, not both.';
  const SCRIPT_AND_SCRIPTS = 'Only one of script or scripts can be specified.';

  test('one of inline, script or scripts passes', () => {
    expect(checkConfig(SHELL_PROVISIONER_SCHEMA, { inline: ['echo hi'] })).toEqual([]);
    expect(checkConfig(SHELL_PROVISIONER_SCHEMA, { script })).toEqual([]);
    expect(checkConfig(SHELL_PROVISIONER_SCHEMA, { scripts: [script, script] })).toEqual([]);
  });

  test('nothing to run, or an empty inline list, is refused', () => {
    expect(messagesOf(checkConfig(SHELL_PROVISIONER_SCHEMA, {}))).toEqual([NEITHER]);
    expect(messagesOf(checkConfig(SHELL_PROVISIONER_SCHEMA, { inline: [] }))).toEqual([NEITHER]);
    expect(checkConfig(SHELL_PROVISIONER_SCHEMA, { script: '' })[0]?.field).toBeUndefined();
  });

  test('script with scripts, and scripts with inline, are refused in their own words', () => {
    expect(checkConfig(SHELL_PROVISIONER_SCHEMA, { script, scripts: [script] })).toEqual([
      { message: SCRIPT_AND_SCRIPTS, field: 'scripts' },
    ]);
    expect(checkConfig(SHELL_PROVISIONER_SCHEMA, { script, inline: ['x'] })).toEqual([
      { message: BOTH, field: 'inline' },
    ]);
    expect(messagesOf(checkConfig(SHELL_PROVISIONER_SCHEMA, { scripts: [script], inline: ['x'] }))).toEqual([
      BOTH,
    ]);
  });

  test("a missing script is a Bad script with Go's stat error", () => {
    expect(checkConfig(SHELL_PROVISIONER_SCHEMA, { script: missing })).toEqual([
      { message: `Bad script '${missing}': stat ${missing}: no such file or directory`, field: 'script' },
    ]);
    expect(checkConfig(SHELL_PROVISIONER_SCHEMA, { scripts: [script, missing] })).toEqual([
      { message: `Bad script '${missing}': stat ${missing}: no such file or directory`, field: 'scripts' },
    ]);
    // With both set, Packer keeps only `script`, so `scripts` are not looked at.
    expect(messagesOf(checkConfig(SHELL_PROVISIONER_SCHEMA, { script, scripts: [missing] }))).toEqual([
      SCRIPT_AND_SCRIPTS,
    ]);
  });

  test('relative script paths resolve against the current directory', () => {
    expect(checkConfig(SHELL_PROVISIONER_SCHEMA, { script: path.relative(process.cwd(), script) })).toEqual(
      [],
    );
    expect(messagesOf(checkConfig(SHELL_PROVISIONER_SCHEMA, { script: 'no-such-dir/x.sh' }))).toEqual([
      "Bad script 'no-such-dir/x.sh': stat no-such-dir/x.sh: no such file or directory",
    ]);
  });

  test('paths still holding template actions are not looked up yet', () => {
    expect(checkConfig(SHELL_PROVISIONER_SCHEMA, { script: '{{template_dir}}/x.sh' })).toEqual([]);
  });

  test('environment_vars must be key=value with a name', () => {
    expect(
      checkConfig(SHELL_PROVISIONER_SCHEMA, { inline: ['x'], environment_vars: ['A=1', 'B=', 'C=x=y'] }),
    ).toEqual([]);
    expect(
      checkConfig(SHELL_PROVISIONER_SCHEMA, { inline: ['x'], environment_vars: ['=foo', 'foobar'] }),
    ).toEqual([
      { message: "Environment variable not in format 'key=value': =foo", field: 'environment_vars' },
      { message: "Environment variable not in format 'key=value': foobar", field: 'environment_vars' },
    ]);
  });

  test('unknown values keep the checks that need them quiet', () => {
    expect(checkConfig(SHELL_PROVISIONER_SCHEMA, { script: UNKNOWN })).toEqual([]);
    expect(checkConfig(SHELL_PROVISIONER_SCHEMA, { inline: [UNKNOWN] })).toEqual([]);
    expect(checkConfig(SHELL_PROVISIONER_SCHEMA, { inline: ['x'], environment_vars: UNKNOWN })).toEqual([]);
  });
});

describe('shellSettings', () => {
  const settings = (data: Record<string, FakeValue>) =>
    shellSettings(fakeView(SHELL_PROVISIONER_SCHEMA.fields, data), () => 0.5);

  test("unset options get Packer's defaults", () => {
    expect(settings({ inline: ['x'] })).toEqual({
      executeCommand: 'chmod +x {{.Path}}; {{.Vars}} {{.Path}}',
      envVarFormat: "%s='%s' ",
      inlineShebang: '/bin/sh -e',
      inlineShebangDefined: false,
      remoteFolder: '/tmp',
      remoteFile: 'script_4999.sh',
      remotePath: '/tmp/script_4999.sh',
    });
  });

  test('use_env_var_file switches the command and the format; written values and "" behave as in Packer', () => {
    const s = settings({
      use_env_var_file: true,
      remote_folder: '/var/tmp',
      remote_file: 'a.sh',
      inline_shebang: '',
    });
    expect(s.executeCommand).toBe('chmod +x {{.Path}}; . {{.EnvVarFile}} && {{.Path}}');
    expect(s.envVarFormat).toBe("export %s='%s'\n");
    expect(s.remotePath).toBe('/var/tmp/a.sh');
    expect(s.inlineShebangDefined).toBe(false);
    const w = settings({
      execute_command: 'sudo {{.Path}}',
      inline_shebang: '/bin/bash',
      remote_path: '/x.sh',
    });
    expect(w.executeCommand).toBe('sudo {{.Path}}');
    expect(w.inlineShebang).toBe('/bin/bash');
    expect(w.inlineShebangDefined).toBe(true);
    expect(w.remotePath).toBe('/x.sh');
  });
});

describe('file provisioner checks', () => {
  test('an upload of an existing source, or of content, passes', () => {
    expect(checkConfig(FILE_PROVISIONER_SCHEMA, { source: script, destination: '/tmp/x' })).toEqual([]);
    expect(checkConfig(FILE_PROVISIONER_SCHEMA, { sources: [script, dir], destination: '/tmp/' })).toEqual(
      [],
    );
    expect(checkConfig(FILE_PROVISIONER_SCHEMA, { content: 'hello', destination: '/tmp/x' })).toEqual([]);
    // Packer no longer requires a source: an upload of nothing is accepted.
    expect(checkConfig(FILE_PROVISIONER_SCHEMA, { destination: '/tmp/x' })).toEqual([]);
  });

  test('a missing upload source is a Bad source unless generated or downloading', () => {
    expect(checkConfig(FILE_PROVISIONER_SCHEMA, { source: missing, destination: '/tmp/x' })).toEqual([
      { message: `Bad source '${missing}': stat ${missing}: no such file or directory`, field: 'source' },
    ]);
    expect(checkConfig(FILE_PROVISIONER_SCHEMA, { sources: [missing], destination: '/tmp/' })[0]?.field).toBe(
      'sources',
    );
    expect(
      checkConfig(FILE_PROVISIONER_SCHEMA, { source: missing, destination: '/tmp/x', generated: true }),
    ).toEqual([]);
    expect(
      checkConfig(FILE_PROVISIONER_SCHEMA, { source: missing, destination: 'x', direction: 'download' }),
    ).toEqual([]);
    expect(
      messagesOf(checkConfig(FILE_PROVISIONER_SCHEMA, { source: missing, destination: 'x', direction: '' })),
    ).toHaveLength(1);
  });

  test('direction must be upload or download', () => {
    expect(
      checkConfig(FILE_PROVISIONER_SCHEMA, { source: script, destination: 'x', direction: 'sideways' }),
    ).toEqual([{ message: 'Direction must be one of: download, upload.', field: 'direction' }]);
    expect(
      checkConfig(FILE_PROVISIONER_SCHEMA, { source: script, destination: 'x', direction: UNKNOWN }),
    ).toEqual([]);
  });

  test('sources and content conflict', () => {
    expect(checkConfig(FILE_PROVISIONER_SCHEMA, { source: script, content: 'x', destination: 'd' })).toEqual([
      { message: 'source(s) conflicts with content.', field: 'content' },
    ]);
    expect(
      messagesOf(checkConfig(FILE_PROVISIONER_SCHEMA, { sources: [script], content: 'x', destination: 'd' })),
    ).toEqual(['source(s) conflicts with content.']);
    expect(checkConfig(FILE_PROVISIONER_SCHEMA, { source: script, content: '', destination: 'd' })).toEqual(
      [],
    );
  });

  test("every problem is reported, in Packer's order", () => {
    expect(
      messagesOf(
        checkConfig(FILE_PROVISIONER_SCHEMA, {
          direction: 'x',
          source: missing,
          content: 'c',
          destination: '',
        }),
      ),
    ).toEqual(['Direction must be one of: download, upload.', 'source(s) conflicts with content.']);
  });
});
