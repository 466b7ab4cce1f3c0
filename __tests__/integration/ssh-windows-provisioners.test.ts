import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { inlineWrapper } from '../../src/components/windows/powershell-text';
import { kiln } from '../support/kiln';
import { describeSsh, useSshd } from '../support/ssh/sshd';
import { keyAuth, nullBuild, nullSshSource } from '../support/ssh/templates';
import { tempDir, tempTemplate, writeFiles } from '../support/temp';

/**
 * powershell, windows-shell and windows-restart over Kiln's real SSH communicator, against a real
 * sshd on 127.0.0.1. The host is Linux, so `powershell`, `powershell.exe`, `cmd` and `shutdown` are
 * stub scripts put first on the session's PATH (sshd's SetEnv): each records the arguments it
 * received, one per line, and the PowerShell stubs answer the restart checks. This proves that the
 * provisioners' command strings and uploads reach a host over SSH intact (bytes, CRLF, paths,
 * variables file) and that windows-restart's whole sequence runs over SSH; it does not prove what
 * Windows would do with them, and the sh on the host (not cmd or PowerShell) splits the command
 * line, so `$` inside double quotes is expanded by sh here. The powershell blocks skip the clean-up:
 * its script always goes to c:/Windows/Temp (not configurable, as in Packer), which a Linux host
 * lacks, so it would fail and be retried for a minute before being ignored (unit-tested instead).
 */

const stubs = tempDir('kiln-windows-stubs-');
const calls = path.join(stubs, 'calls');
fs.mkdirSync(calls);

// Each call: calls/<n>-<name> holding one "[arg]" line per argument.
const RECORD = `#!/bin/sh
n=$(ls ${calls} | wc -l)
f=${calls}/$(printf %03d "$n")-$(basename "$0")
for a in "$@"; do printf '[%s]\\n' "$a"; done > "$f"
`;
writeFiles(stubs, {
  'bin/powershell': `${RECORD}echo "stub powershell ran with $# arguments"\n`,
  // masterzen/winrm's form: -EncodedCommand <base64 of UTF-16LE>; answer the two checks Packer sends.
  'bin/powershell.exe': `${RECORD}text=$(printf %s "$2" | base64 -d | iconv -f UTF-16LE -t UTF-8)
case "$text" in
  *restarted.*) echo "$(hostname) restarted." ;;
  *Test-Path*) echo False ;;
esac
`,
  'bin/cmd': `${RECORD}echo "stub cmd got: $2"\n`,
  'bin/shutdown': `${RECORD}echo "stub shutdown $*"\n`,
});
for (const name of fs.readdirSync(path.join(stubs, 'bin')))
  fs.chmodSync(path.join(stubs, 'bin', name), 0o755);

/** The recorded calls in order: [program, args]. */
function recordedCalls(): [string, string[]][] {
  return fs
    .readdirSync(calls)
    .sort()
    .map((f) => {
      const args = fs
        .readFileSync(path.join(calls, f), 'utf8')
        .split('\n')
        .filter((l) => l !== '');
      return [f.replace(/^\d+-/, ''), args.map((a) => a.slice(1, -1))];
    });
}

describeSsh('Windows provisioners over the SSH communicator (stub programs on a Linux host)', () => {
  jest.setTimeout(90_000);
  const sshd = useSshd({ config: [`SetEnv PATH=${stubs}/bin:/usr/local/bin:/usr/bin:/bin`] });

  beforeEach(() => {
    for (const f of fs.readdirSync(calls)) fs.rmSync(path.join(calls, f));
  });

  const template = (provisioners: string): string =>
    nullSshSource(sshd, keyAuth(os.userInfo().username, sshd.key)) + nullBuild(provisioners);

  it('powershell: the wrapped inline script, a CRLF script and the variables file arrive byte for byte', async () => {
    const remote = fs.mkdtempSync(path.join(sshd.dir, 'ps-'));
    const dir = tempTemplate({
      'setup.ps1': 'Write-Host "from a file"\r\nexit 0\r\n',
      'a.pkr.hcl': template(`
  provisioner "powershell" {
    inline              = ["Write-Host $env:GREETING", "exit 0"]
    environment_vars    = ["GREETING=it's $5"]
    remote_path         = "${remote}/inline.ps1"
    remote_env_var_path = "${remote}/env-inline.ps1"
    skip_clean          = true
  }
  provisioner "powershell" {
    script              = "setup.ps1"
    remote_path         = "${remote}/"
    remote_env_var_path = "${remote}/env-script.ps1"
    skip_clean          = true
  }`),
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('==> null.box: Provisioning with Powershell...');
    expect(r.out).toContain('    null.box: stub powershell ran with 4 arguments\n');

    const vars =
      '$env:GREETING="it`\'s `$5"; $env:PACKER_BUILDER_TYPE="null"; $env:PACKER_BUILD_NAME="box"; ';
    expect(fs.readFileSync(path.join(remote, 'inline.ps1'), 'utf8')).toBe(
      inlineWrapper(['Write-Host $env:GREETING', 'exit 0'], vars, 0),
    );
    expect(fs.readFileSync(path.join(remote, 'env-inline.ps1'), 'utf8')).toBe(vars);
    expect(
      fs
        .readFileSync(path.join(remote, 'setup.ps1'))
        .equals(Buffer.from('Write-Host "from a file"\r\nexit 0\r\n')),
    ).toBe(true);
    expect(fs.readFileSync(path.join(remote, 'env-script.ps1'), 'utf8')).toBe(
      '$env:PACKER_BUILDER_TYPE="null"; $env:PACKER_BUILD_NAME="box"; ',
    );

    const recorded = recordedCalls();
    expect(recorded[0]).toEqual([
      'powershell',
      ['-executionpolicy', 'bypass', '-file', `${remote}/inline.ps1`],
    ]);
    // The script form: sh on this host expands `$LastExitCode` inside the double quotes to nothing.
    expect(recorded[1]).toEqual([
      'powershell',
      [
        '-executionpolicy',
        'bypass',
        "& { if (Test-Path variable:global:ProgressPreference){set-variable -name variable:global:ProgressPreference -value 'SilentlyContinue'};" +
          `. ${remote}/env-script.ps1; &'${remote}/setup.ps1'; exit  }`,
      ],
    ]);
    expect(recorded).toHaveLength(2);
  });

  it("windows-shell: cmd gets Packer's default command line, and the batch file arrives with its CRLF", async () => {
    const remote = fs.mkdtempSync(path.join(sshd.dir, 'ws-'));
    const dir = tempTemplate({
      'setup.bat': '@echo off\r\necho %MODE%\r\n',
      // Single quotes make sh hand cmd the rendered default command (`{{.Vars}}"{{.Path}}"`) whole.
      'a.pkr.hcl': template(`
  provisioner "windows-shell" {
    script           = "setup.bat"
    environment_vars = ["MODE=ci"]
    remote_path      = "${remote}/setup.bat"
    execute_command  = "cmd /c '{{.Vars}}\\"{{.Path}}\\"'"
  }`),
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const line = `set "MODE=ci" && set "PACKER_BUILDER_TYPE=null" && set "PACKER_BUILD_NAME=box" && "${remote}/setup.bat"`;
    expect(recordedCalls()).toEqual([['cmd', ['/c', line]]]);
    expect(r.out).toContain(`    null.box: stub cmd got: ${line}\n`);
    expect(
      fs.readFileSync(path.join(remote, 'setup.bat')).equals(Buffer.from('@echo off\r\necho %MODE%\r\n')),
    ).toBe(true);
  });

  it("windows-restart: Packer's whole sequence over SSH (a host that never goes down: the test restart is aborted)", async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': template(`
  provisioner "windows-restart" {
    check_registry  = true
    restart_timeout = "1m"
  }`),
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('==> null.box: Restarting Machine\n');
    expect(r.out).toContain('==> null.box: Waiting for machine to restart...\n');
    expect(r.out).toContain(`    null.box: ${os.hostname()} restarted.\n`);
    expect(r.out).toContain('==> null.box: Machine successfully restarted, moving on\n');
    const recorded = recordedCalls();
    expect(recorded.slice(0, 3)).toEqual([
      ['shutdown', ['/r', '/f', '/t', '0', '/c', 'packer restart']],
      ['shutdown', ['/r', '/f', '/t', '60', '/c', 'packer restart test']],
      ['shutdown', ['/a']],
    ]);
    // Then the echo check and one Test-Path per default registry key, all -EncodedCommand.
    expect(recorded.slice(3).map(([p, a]) => [p, a[0]])).toEqual(
      Array(4).fill(['powershell.exe', '-EncodedCommand']),
    );
  });
  it('windows-restart: a restart that drops the SSH connection is waited out; the communicator reconnects', async () => {
    // Killing the session's sshd process drops the connection as a restart would (sshd itself keeps
    // listening, as a machine that comes back at once). Before the communicator reconnected, every
    // later command failed on the dead connection and the wait ended in its timeout.
    const dir = tempTemplate({
      'a.pkr.hcl': template(`
  provisioner "windows-restart" {
    restart_command = "kill -9 $PPID"
    restart_timeout = "1m"
  }
  provisioner "windows-shell" {
    inline          = ["echo after"]
    remote_path     = "${sshd.dir}/after.bat"
    execute_command = "cmd /c {{.Path}}"
  }`),
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('==> null.box: Machine successfully restarted, moving on\n');
    const programs = recordedCalls().map(([p, a]) => `${p} ${a.join(' ')}`);
    // The test restart reached the host over the new connection (and was aborted), then the checks
    // and the next provisioner.
    expect(programs[0]).toBe('shutdown /r /f /t 60 /c packer restart test');
    expect(programs[1]).toBe('shutdown /a');
    expect(programs[programs.length - 1]).toBe(`cmd /c ${sshd.dir}/after.bat`);
  });
});
