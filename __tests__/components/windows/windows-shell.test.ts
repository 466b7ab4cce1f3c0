import { windowsShellProvisioner } from '../../../src/components/windows/windows-shell';
import { WINDOWS_SHELL_PROVISIONER_SCHEMA } from '../../../src/components/windows/windows-shell';
import { decode } from '../../support/component-decode';
import { fakeUI } from '../../support/engine-fakes';
import {
  type CommandReply,
  provisionContext,
  recordingCommunicator,
} from '../../support/recording-communicator';
import { tempDir, writeFiles } from '../../support/temp';

/**
 * The windows-shell provisioner against a recording communicator: commands and uploaded bytes
 * compared with golden values written by hand from Packer's provisioner/windows-shell and its tests
 * (TestProvisionerProvision_Inline / _Scripts / _ScriptsWithEnvVars). What cmd.exe would do with
 * them is not tested here (no Windows machine).
 */

const dir = writeFiles(tempDir('kiln-windows-shell-'), { 'setup.bat': '@echo off\r\necho hi\r\n' });
const SCRIPT = `${dir}/setup.bat`;
const BUILD = { buildName: 'vmware', builderType: 'iso', cwd: dir, tempDir: dir };

async function run(body: string, reply?: (command: string) => CommandReply) {
  const config = decode(WINDOWS_SHELL_PROVISIONER_SCHEMA, body);
  expect(config.diagnostics).toEqual([]);
  const comm = recordingCommunicator(reply);
  const ui = fakeUI();
  const error = await windowsShellProvisioner({ retryDelayMs: 10 })
    .provision(config, provisionContext(comm, { build: BUILD, ui }))
    .then(
      () => undefined,
      (e: unknown) => e as Error,
    );
  return { comm, ui, error };
}

test('inline: the commands joined with LF, uploaded to the default path, run with the set prefixes', async () => {
  const { comm, ui, error } = await run('inline = ["echo foo", "echo bar"]');
  expect(error).toBeUndefined();
  expect(comm.uploads().map((u) => [u.path, u.text])).toEqual([
    ['c:/Windows/Temp/script.bat', 'echo foo\necho bar\n'],
  ]);
  expect(comm.commands()).toEqual([
    'set "PACKER_BUILDER_TYPE=iso" && set "PACKER_BUILD_NAME=vmware" && "c:/Windows/Temp/script.bat"',
  ]);
  expect(ui.said[0]).toBe('Provisioning with windows-shell...');
  expect(ui.said[1]).toMatch(/^Provisioning with shell script: .*windows-shell-provisioner\d+$/);
});

test('a script keeps its CRLF bytes; variables are sorted and not escaped (env wins over environment_vars)', async () => {
  const { comm } = await run(
    `script = "${SCRIPT}"\nremote_path = "c:/Windows/Temp/inlineScript.bat"\nenvironment_vars = ["FOO=BAR", "BAR=first"]\nenv = { BAR = "BAZ" }`,
  );
  expect(comm.uploads()[0].bytes.equals(Buffer.from('@echo off\r\necho hi\r\n'))).toBe(true);
  expect(comm.commands()).toEqual([
    'set "BAR=BAZ" && set "FOO=BAR" && set "PACKER_BUILDER_TYPE=iso" && set "PACKER_BUILD_NAME=vmware" && "c:/Windows/Temp/inlineScript.bat"',
  ]);
});

test('execute_command and env_var_format are Go templates/formats; a missing field is an error naming the struct', async () => {
  const ok = await run(
    'inline = ["x"]\nexecute_command = "cmd /c {{.Vars}}{{.Path}}"\nenv_var_format = "%s:%s;"',
  );
  expect(ok.comm.commands()).toEqual([
    'cmd /c PACKER_BUILDER_TYPE:iso;PACKER_BUILD_NAME:vmware;c:/Windows/Temp/script.bat',
  ]);
  const bad = await run('inline = ["x"]\nexecute_command = "{{.Nope}}"');
  expect(bad.error?.message).toMatch(
    /^Error processing command: .*can't evaluate field Nope in type \*shell\.ExecuteCommandTemplate/,
  );
});

test('exit codes are checked; a start failure is retried until start_retry_timeout', async () => {
  const bad = await run('inline = ["x"]', () => ({ exitStatus: 3 }));
  expect(bad.error?.message).toBe('Script exited with non-zero exit status: 3. Allowed exit codes are: [0]');
  const ok = await run('inline = ["x"]\nvalid_exit_codes = [3010]', () => ({ exitStatus: 3010 }));
  expect(ok.error).toBeUndefined();
  let refusals = 2;
  const retried = await run('inline = ["x"]', () =>
    refusals-- > 0 ? new Error('dial tcp 127.0.0.1:5985: connection refused') : { exitStatus: 0 },
  );
  expect(retried.error).toBeUndefined();
  expect(retried.comm.uploads()).toHaveLength(3);
  const gaveUp = await run(
    'inline = ["x"]\nstart_retry_timeout = "50ms"',
    () => new Error('connection refused'),
  );
  expect(gaveUp.error?.message).toBe('connection refused');
});
