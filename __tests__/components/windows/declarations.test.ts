import { POWERSHELL_PROVISIONER_SCHEMA } from '../../../src/components/windows/powershell-config';
import { WINDOWS_COMPONENTS } from '../../../src/components/windows';
import {
  DEFAULT_REGISTRY_KEYS,
  DEFAULT_RESTART_COMMAND,
  WINDOWS_RESTART_PROVISIONER_SCHEMA,
} from '../../../src/components/windows/windows-restart';
import { WINDOWS_SHELL_PROVISIONER_SCHEMA } from '../../../src/components/windows/windows-shell';
import { schemaProblems, shapeOf } from '../../support/schema-checks';

/** The declarations against Packer 1.16's provisioner.hcl2spec.go files (packer_* internals aside). */

const SHELL_COMMON = {
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
};

test('are powershell, windows-shell and windows-restart, built in, each with a runtime, well formed', () => {
  const runtimeType = (d: (typeof WINDOWS_COMPONENTS)[number]): unknown =>
    d.runtime !== undefined && 'type' in d.runtime ? d.runtime.type : undefined;
  expect(WINDOWS_COMPONENTS.map((d) => [d.kind, d.schema.type, d.schema.plugin, runtimeType(d)])).toEqual([
    ['provisioner', 'powershell', 'builtin', 'powershell'],
    ['provisioner', 'windows-shell', 'builtin', 'windows-shell'],
    ['provisioner', 'windows-restart', 'builtin', 'windows-restart'],
  ]);
  for (const d of WINDOWS_COMPONENTS) expect(schemaProblems(d.schema)).toEqual([]);
});

test("declare exactly the options of Packer's hcl2spec", () => {
  expect(shapeOf(POWERSHELL_PROVISIONER_SCHEMA.fields)).toEqual({
    ...SHELL_COMMON,
    remote_env_var_path: 'string',
    elevated_execute_command: 'string',
    skip_clean: 'bool',
    start_retry_timeout: 'string',
    elevated_env_var_format: 'string',
    elevated_user: 'string',
    elevated_password: 'string',
    execution_policy: 'string',
    debug_mode: 'number',
    pause_after: 'string',
    use_pwsh: 'bool',
  });
  expect(shapeOf(WINDOWS_SHELL_PROVISIONER_SCHEMA.fields)).toEqual({
    ...SHELL_COMMON,
    start_retry_timeout: 'string',
  });
  expect(shapeOf(WINDOWS_RESTART_PROVISIONER_SCHEMA.fields)).toEqual({
    restart_command: 'string',
    restart_check_command: 'string',
    restart_timeout: 'string',
    check_registry: 'bool',
    registry_keys: 'list(string)',
  });
});

test("defaults and the sensitive password are Packer's", () => {
  const field = (schema: { fields: readonly { name: string }[] }, name: string) =>
    schema.fields.find((f) => f.name === name) as { default?: unknown; sensitive?: boolean };
  expect(field(POWERSHELL_PROVISIONER_SCHEMA, 'elevated_password').sensitive).toBe(true);
  expect(field(POWERSHELL_PROVISIONER_SCHEMA, 'start_retry_timeout').default).toBe('5m');
  expect(field(POWERSHELL_PROVISIONER_SCHEMA, 'execution_policy').default).toBe('bypass');
  expect(field(WINDOWS_SHELL_PROVISIONER_SCHEMA, 'remote_path').default).toBe('c:/Windows/Temp/script.bat');
  expect(field(WINDOWS_SHELL_PROVISIONER_SCHEMA, 'execute_command').default).toBe('{{.Vars}}"{{.Path}}"');
  expect(field(WINDOWS_RESTART_PROVISIONER_SCHEMA, 'restart_timeout').default).toBe('5m');
  expect(DEFAULT_RESTART_COMMAND).toBe('shutdown /r /f /t 0 /c "packer restart"');
  expect(DEFAULT_REGISTRY_KEYS).toEqual([
    'HKLM:SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending',
    'HKLM:SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\PackagesPending',
    'HKLM:Software\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootInProgress',
  ]);
});
