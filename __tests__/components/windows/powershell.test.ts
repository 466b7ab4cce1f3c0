import * as fs from 'node:fs';

import { powershellProvisioner } from '../../../src/components/windows/powershell-runtime';
import { POWERSHELL_PROVISIONER_SCHEMA } from '../../../src/components/windows/powershell-config';
import type { DecodedConfig } from '../../../src/schema/types';
import { decode } from '../../support/component-decode';
import { fakeUI } from '../../support/engine-fakes';
import {
  type CommandReply,
  counterUuid,
  provisionContext,
  recordingCommunicator,
} from '../../support/recording-communicator';
import { tempDir, writeFiles } from '../../support/temp';

/**
 * The powershell provisioner against a recording communicator: the exact uploads (bytes) and
 * commands Kiln sends, compared with golden values written by hand from reading Packer's
 * provisioner/powershell (v1.16) and its tests (TestProvisionerProvision_Inline, _ScriptsWithEnvVars,
 * createFlattenedEnvVars, createCommandText). No Windows machine runs them: these prove the texts
 * Kiln produces, not what PowerShell does with them.
 */

const dir = writeFiles(tempDir('kiln-powershell-'), {
  // CRLF on purpose: Packer uploads scripts as they are, so the bytes must arrive unchanged.
  'crlf.ps1': 'Write-Host "hi"\r\nexit 0\r\n',
  'lf.ps1': 'Write-Host "lf"\nexit 0\n',
});
// Absolute: validation checks that scripts exist relative to the process's directory.
const LF = `${dir}/lf.ps1`;
const CRLF = `${dir}/crlf.ps1`;
const FAST = { retryDelayMs: 10, cleanupTimeoutMs: 50, cleanupDelayMs: 10 };
const BUILD = { buildName: 'vmware', builderType: 'iso', cwd: dir, tempDir: dir };

function config(body: string): DecodedConfig {
  const c = decode(POWERSHELL_PROVISIONER_SCHEMA, body);
  expect(c.diagnostics).toEqual([]);
  return c;
}

async function run(
  body: string,
  reply?: (command: string) => CommandReply,
  generated?: Record<string, string>,
) {
  const comm = recordingCommunicator(reply);
  const ui = fakeUI();
  const ctx = provisionContext(comm, { build: BUILD, ui, generated });
  const runtime = powershellProvisioner({ timing: FAST, uuid: counterUuid() });
  const outcome = await runtime.provision(config(body), ctx).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  return { comm, ui, error: outcome };
}

const uuid = (n: number): string => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
const BASE_VARS = '$env:PACKER_BUILDER_TYPE="iso"; $env:PACKER_BUILD_NAME="vmware"; ';

/** The inline wrapper for `whoami` with no variables of the user's: written out line by line. */
const WHOAMI_WRAPPER =
  '\n' +
  '\tif (Test-Path variable:global:ProgressPreference) {\n' +
  "\t  set-variable -name variable:global:ProgressPreference -value 'SilentlyContinue'\n" +
  '\t}\n' +
  '\t\n' +
  '\t$exitCode = 0\n' +
  '\ttry {\n' +
  '\t$env:PACKER_BUILDER_TYPE="iso"; $env:PACKER_BUILD_NAME="vmware"; \n' +
  '\twhoami\n' +
  '\t\n' +
  '\t$exitCode = 0\n' +
  '\t} catch {\n' +
  '\tWrite-Error "An error occurred: $_"\n' +
  '\t$exitCode = 1\n' +
  '\t}\n' +
  '\t\n' +
  '\tif ((Test-Path variable:global:LASTEXITCODE) -and $LASTEXITCODE -ne $null -and $LASTEXITCODE -ne 0) {\n' +
  '\t\t$exitCode = $LASTEXITCODE\n' +
  '\t}\n' +
  '\texit $exitCode\n' +
  '\n';

describe('powershell: what reaches the machine', () => {
  test('inline: variables file, wrapped script, `-file` command, then the self-removing clean-up', async () => {
    const { comm, ui, error } = await run(
      'inline = ["whoami"]\nremote_path = "c:/Windows/Temp/inlineScript.ps1"',
    );
    expect(error).toBeUndefined();
    const env = `c:/Windows/Temp/packer-ps-env-vars-${uuid(1)}.ps1`;
    const cleanup = `c:/Windows/Temp/packer-cleanup-${uuid(2)}.ps1`;
    expect(comm.events.map((e) => (e.kind === 'upload' ? `upload ${e.path}` : `start ${e.command}`))).toEqual(
      [
        `upload ${env}`,
        'upload c:/Windows/Temp/inlineScript.ps1',
        'start powershell -executionpolicy bypass -file c:/Windows/Temp/inlineScript.ps1',
        `upload ${cleanup}`,
        `start powershell -executionpolicy bypass -file ${cleanup}`,
      ],
    );
    const [envFile, script, cleanupFile] = comm.uploads();
    expect(envFile.text).toBe(BASE_VARS);
    expect(script.text).toBe(WHOAMI_WRAPPER);
    expect(cleanupFile.text).toBe(
      `if (Test-Path ${env}) {Remove-Item ${env}}\n` +
        'if (Test-Path c:/Windows/Temp/inlineScript.ps1) {Remove-Item c:/Windows/Temp/inlineScript.ps1}\n' +
        `if (Test-Path ${cleanup}) {Remove-Item ${cleanup}}\n`,
    );
    expect(ui.said[0]).toBe('Provisioning with Powershell...');
    // As Packer, the inline commands are named by the local temporary file, removed afterwards.
    const local = /^Provisioning with powershell script: (.*powershell-provisioner\d+)$/.exec(
      ui.said[1],
    )?.[1];
    expect(local).toBeDefined();
    expect(fs.existsSync(local as string)).toBe(false);
  });

  test('default remote names are c:/Windows/Temp/script-<uuid>.ps1 and packer-ps-env-vars-<uuid>.ps1', async () => {
    const { comm } = await run('inline = ["whoami"]');
    expect(comm.uploads().map((u) => u.path)).toEqual([
      `c:/Windows/Temp/packer-ps-env-vars-${uuid(2)}.ps1`,
      `c:/Windows/Temp/script-${uuid(1)}.ps1`,
      `c:/Windows/Temp/packer-cleanup-${uuid(3)}.ps1`,
    ]);
  });

  test('a CRLF script goes up byte for byte and runs through the dot-sourcing script command', async () => {
    const { comm, error } = await run(
      `script = "${CRLF}"\nremote_path = "c:/Windows/Temp/script.ps1"\nenvironment_vars = ["FOO=BAR", "BAR=a$b\\"c\`d'e"]\nenv = { BAZ = "=x" }`,
    );
    expect(error).toBeUndefined();
    const [envFile, script] = comm.uploads();
    expect(script.path).toBe('c:/Windows/Temp/script.ps1');
    expect(script.bytes.equals(Buffer.from('Write-Host "hi"\r\nexit 0\r\n'))).toBe(true);
    // Sorted by name; `$`, `"`, backtick and `'` escaped with a backtick, the = after the first kept.
    expect(envFile.text).toBe('$env:BAR="a`$b`"c``d`\'e"; $env:BAZ="=x"; $env:FOO="BAR"; ' + BASE_VARS);
    expect(comm.commands()[0]).toBe(
      'powershell -executionpolicy bypass "& { if (Test-Path variable:global:ProgressPreference)' +
        "{set-variable -name variable:global:ProgressPreference -value 'SilentlyContinue'};" +
        `. c:/Windows/Temp/packer-ps-env-vars-${uuid(1)}.ps1; &'c:/Windows/Temp/script.ps1'; exit $LastExitCode }"`,
    );
  });

  test('an LF script stays LF (Packer converts no line endings for Windows)', async () => {
    const { comm } = await run(`script = "${LF}"\nremote_path = "c:/Windows/Temp/s.ps1"\nskip_clean = true`);
    expect(comm.uploads()[1].bytes.equals(Buffer.from('Write-Host "lf"\nexit 0\n'))).toBe(true);
  });

  test('use_pwsh, execution_policy and debug_mode shape the default commands', async () => {
    const scripted = await run(
      `scripts = ["${LF}"]\nremote_path = "c:/s.ps1"\nuse_pwsh = true\nexecution_policy = "RemoteSigned"\ndebug_mode = 1\nskip_clean = true`,
    );
    expect(scripted.comm.commands()).toEqual([
      'pwsh -executionpolicy remotesigned -command "& { if (Test-Path variable:global:ProgressPreference)' +
        "{set-variable -name variable:global:ProgressPreference -value 'SilentlyContinue'};Set-PsDebug -Trace 1;" +
        `. c:/Windows/Temp/packer-ps-env-vars-${uuid(1)}.ps1; &'c:/s.ps1'; exit $LastExitCode }"`,
    ]);
    const none = await run(
      'inline = ["a"]\nremote_path = "c:/s.ps1"\nexecution_policy = "none"\nskip_clean = true',
    );
    expect(none.comm.commands()).toEqual(['-file c:/s.ps1']);
    const numeric = await run(
      'inline = ["a"]\nremote_path = "c:/s.ps1"\nexecution_policy = "4"\nskip_clean = true',
    );
    expect(numeric.comm.commands()).toEqual(['powershell -executionpolicy restricted -file c:/s.ps1']);
    const debug = await run(
      'inline = ["a", "b"]\nremote_path = "c:/s.ps1"\ndebug_mode = 2\nskip_clean = true',
    );
    expect(debug.comm.uploads()[1].text).toContain(
      '\t}\n\t\n\tSet-PsDebug -Trace 2\n\t$exitCode = 0\n\ttry {\n\t' +
        BASE_VARS +
        '\n\ta\n\tb\n\t\n\t$exitCode = 0\n',
    );
  });

  test('execute_command is a Go template over .Path, .Vars and the generated data', async () => {
    const { comm } = await run(
      'inline = ["a"]\nremote_path = "c:/s.ps1"\nskip_clean = true\nexecute_command = "run {{.Path}} with {{.Vars}} on {{.Host}} ({{build_name}})"',
      undefined,
      { Host: '10.0.0.5' },
    );
    expect(comm.commands()).toEqual([
      `run c:/s.ps1 with c:/Windows/Temp/packer-ps-env-vars-${uuid(1)}.ps1 on 10.0.0.5 (vmware)`,
    ]);
  });

  test('a remote_path ending in / gets the script name', async () => {
    const { comm } = await run(`scripts = ["${LF}", "${CRLF}"]\nremote_path = "c:/Temp/"\nskip_clean = true`);
    expect(
      comm
        .uploads()
        .map((u) => u.path)
        .filter((p) => !p.includes('env-vars')),
    ).toEqual(['c:/Temp/lf.ps1', 'c:/Temp/crlf.ps1']);
  });

  test('the HTTP server address reaches the variables only when the builder has one', async () => {
    const { comm } = await run('inline = ["a"]\nremote_path = "c:/s.ps1"\nskip_clean = true', undefined, {
      PackerHTTPAddr: '10.0.2.2:8080',
      PackerHTTPIP: '10.0.2.2',
      PackerHTTPPort: '8080',
    });
    expect(comm.uploads()[0].text).toBe(
      BASE_VARS +
        '$env:PACKER_HTTP_ADDR="10.0.2.2:8080"; $env:PACKER_HTTP_IP="10.0.2.2"; $env:PACKER_HTTP_PORT="8080"; ',
    );
    const none = await run('inline = ["a"]\nremote_path = "c:/s.ps1"\nskip_clean = true', undefined, {
      PackerHTTPAddr: 'ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER',
    });
    expect(none.comm.uploads()[0].text).toBe(BASE_VARS);
  });
});

describe('powershell: exit codes, retries, clean-up and pauses', () => {
  test('valid_exit_codes accepts 200; other codes fail in the SDK words', async () => {
    const ok = await run('inline = ["a"]\nvalid_exit_codes = [0, 200]', () => ({ exitStatus: 200 }));
    expect(ok.error).toBeUndefined();
    const bad = await run('inline = ["a"]', (c) => ({ exitStatus: c.includes('cleanup') ? 0 : 1 }));
    expect(bad.error?.message).toBe(
      'Script exited with non-zero exit status: 1. Allowed exit codes are: [0]',
    );
    const listed = await run('inline = ["a"]\nvalid_exit_codes = [0, 3010]', () => ({ exitStatus: 5 }));
    expect(listed.error?.message).toBe(
      'Script exited with non-zero exit status: 5. Allowed exit codes are: [0 3010]',
    );
  });

  test("a dropped connection is the SDK's disconnect status, 2300218, as in Packer", async () => {
    const { error } = await run('inline = ["Restart-Computer"]', () => 'disconnect');
    expect(error?.message).toBe(
      'Script exited with non-zero exit status: 2300218. Allowed exit codes are: [0]',
    );
  });

  test('upload and start are retried together until start_retry_timeout', async () => {
    let failures = 2;
    const comm = recordingCommunicator(
      () => ({ exitStatus: 0 }),
      (p) => (p.endsWith('s.ps1') && failures-- > 0 ? new Error('connection refused') : undefined),
    );
    const ctx = provisionContext(comm, { build: BUILD });
    await powershellProvisioner({ timing: FAST, uuid: counterUuid() }).provision(
      config('inline = ["a"]\nremote_path = "c:/s.ps1"\nskip_clean = true'),
      ctx,
    );
    expect(comm.uploads().filter((u) => u.path === 'c:/s.ps1')).toHaveLength(1);
    expect(comm.commands()).toHaveLength(1);

    const never = recordingCommunicator(
      () => ({ exitStatus: 0 }),
      (p) => (p === 'c:/s.ps1' ? new Error('connection refused') : undefined),
    );
    const failed = await powershellProvisioner({ timing: FAST, uuid: counterUuid() })
      .provision(
        config('inline = ["a"]\nremote_path = "c:/s.ps1"\nstart_retry_timeout = "100ms"'),
        provisionContext(never, { build: BUILD }),
      )
      .catch((e: Error) => e);
    expect((failed as Error).message).toBe('Error uploading script: connection refused');
  });

  test('a failing clean-up is not an error; skip_clean skips it, and pause_after with it', async () => {
    const cleanupFails = await run('inline = ["a"]', (c) =>
      c.includes('cleanup') ? new Error('gone') : { exitStatus: 0 },
    );
    expect(cleanupFails.error).toBeUndefined();
    const skipped = await run('inline = ["a"]\nskip_clean = true\npause_after = "10s"');
    expect(skipped.comm.commands()).toHaveLength(1);
    expect(skipped.ui.said.some((s) => s.startsWith('Pausing'))).toBe(false);
  });

  test('pause_after waits and says so with a Go duration', async () => {
    const start = Date.now();
    const { ui } = await run('inline = ["a"]\npause_after = "300ms"');
    expect(Date.now() - start).toBeGreaterThanOrEqual(290);
    expect(ui.said).toContain('Pausing 300ms after this provisioner...');
  });
});

describe('powershell: elevated runs', () => {
  test('the command goes into a scheduled-task wrapper, uploaded before the script; the password is masked', async () => {
    const { comm, ui, error } = await run(
      'inline = ["whoami"]\nremote_path = "c:/Windows/Temp/inlineScript.ps1"\nelevated_user = "vagrant"\nelevated_password = "{{.WinRMPassword}}"\nenvironment_vars = ["A=1"]',
      undefined,
      { WinRMPassword: 'pa$s"w`rd' },
    );
    expect(error).toBeUndefined();
    // uuid 1: variables file, 2: clean-up script, 3: task name, 4: wrapper.
    const wrapperPath = `C:/Windows/Temp/packer-elevated-shell-${uuid(4)}.ps1`;
    expect(comm.uploads().map((u) => u.path)).toEqual([
      `c:/Windows/Temp/packer-ps-env-vars-${uuid(1)}.ps1`,
      wrapperPath,
      'c:/Windows/Temp/inlineScript.ps1',
      `c:/Windows/Temp/packer-cleanup-${uuid(2)}.ps1`,
    ]);
    expect(comm.commands()[0]).toBe(`powershell -executionpolicy bypass -file "${wrapperPath}"`);
    // The clean-up runs with execute_command, not elevated.
    expect(comm.commands()[1]).toBe(
      `powershell -executionpolicy bypass -file c:/Windows/Temp/packer-cleanup-${uuid(2)}.ps1`,
    );
    const wrapper = comm.uploads()[1].text;
    const task = `packer-${uuid(3)}`;
    expect(
      wrapper.startsWith(
        `\n$name = "${task}"\n$log = [System.Environment]::ExpandEnvironmentVariables("%SYSTEMROOT%/Temp/${task}.out")\n`,
      ),
    ).toBe(true);
    expect(wrapper).toContain('      <UserId>vagrant</UserId>\n');
    expect(wrapper).toContain('    <Description>Packer elevated task</Description>\n');
    // The command XML-escaped, with its output redirected to the log the wrapper reads back.
    expect(wrapper).toContain(
      `      <Arguments>/c powershell -executionpolicy bypass -file c:/Windows/Temp/inlineScript.ps1 &gt; %SYSTEMROOT%/Temp/${task}.out 2&gt;&amp;1</Arguments>\n`,
    );
    // The password rendered from the generated data, escaped for PowerShell.
    expect(wrapper).toContain('$password = "pa`$s`"w``rd"\n');
    expect(wrapper).toContain(
      `$f.RegisterTaskDefinition($name, $t, 6, "vagrant", $password, $logon_type, $null) | Out-Null\n`,
    );
    expect(wrapper).toContain(
      `$script = [System.Environment]::ExpandEnvironmentVariables("${wrapperPath}")\n`,
    );
    expect(wrapper).toContain('$f = $s.GetFolder("\\")\n$f.DeleteTask("\\$name", "")\n');
    expect(wrapper.endsWith('exit $result')).toBe(true);
    expect(ui.secrets).toContain('pa$s"w`rd');
    // The variables go into the inline wrapper in elevated_env_var_format (same default).
    expect(comm.uploads()[2].text).toContain('\t$env:A="1"; ' + BASE_VARS + '\n');
  });

  test('elevated_execute_command and elevated_env_var_format are used for elevated runs', async () => {
    const { comm } = await run(
      `script = "${LF}"\nremote_path = "c:/s.ps1"\nelevated_user = "SYSTEM"\nelevated_execute_command = "x {{.Path}} & {{.Vars}}"\nelevated_env_var_format = "[%s=%s]"\nskip_clean = true`,
    );
    expect(comm.uploads()[0].text).toBe('[PACKER_BUILDER_TYPE=iso][PACKER_BUILD_NAME=vmware]');
    const wrapper = comm.uploads()[1].text;
    expect(wrapper).toContain(
      `<Arguments>/c x c:/s.ps1 &amp; c:/Windows/Temp/packer-ps-env-vars-${uuid(1)}.ps1 &gt; %SYSTEMROOT%/Temp/packer-${uuid(3)}.out 2&gt;&amp;1</Arguments>`,
    );
    // No password: an empty string, which makes the wrapper use logon type 5 (service account).
    expect(wrapper).toContain('$password = ""\n');
  });
});
