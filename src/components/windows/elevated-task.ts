import { Readable } from 'node:stream';

import type { ProvisionContext } from '../../engine/types';
import { psEscape } from './powershell-text';

/**
 * Running a command elevated, as the SDK's guestexec.GenerateElevatedRunner does: the command is
 * registered as a Windows scheduled task of `elevated_user` (Task Scheduler XML), its output
 * redirected to a log file that a PowerShell wrapper reads back while the task runs; the wrapper
 * then removes the log, itself and the task, and exits with the task's result. The wrapper is
 * uploaded, and the command that runs it is what the provisioner executes.
 */

/** Go's encoding/xml EscapeText: the five specials, tab and line breaks as references, invalid characters as U+FFFD. */
export function xmlEscapeText(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    switch (ch) {
      case '"':
        out += '&#34;';
        continue;
      case "'":
        out += '&#39;';
        continue;
      case '&':
        out += '&amp;';
        continue;
      case '<':
        out += '&lt;';
        continue;
      case '>':
        out += '&gt;';
        continue;
      case '\t':
        out += '&#x9;';
        continue;
      case '\n':
        out += '&#xA;';
        continue;
      case '\r':
        out += '&#xD;';
        continue;
    }
    const valid =
      (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
    out += valid ? ch : '\ufffd';
  }
  return out;
}

export interface ElevatedTaskOptions {
  /** The user, already escaped for PowerShell. */
  readonly user: string;
  /** The password, already escaped for PowerShell; empty for a service account (logon type 5). */
  readonly password: string;
  readonly taskName: string;
  readonly taskDescription: string;
  readonly logFile: string;
  readonly xmlEscapedCommand: string;
  readonly scriptFile: string;
}

/** The wrapper script the SDK's elevatedTemplate renders (LF line endings, no final newline). */
export function elevatedWrapper(o: ElevatedTaskOptions): string {
  return `
$name = "${o.taskName}"
$log = [System.Environment]::ExpandEnvironmentVariables("${o.logFile}")
$s = New-Object -ComObject "Schedule.Service"
$s.Connect()
$t = $s.NewTask($null)
$xml = [xml]@'
<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>${o.taskDescription}</Description>
  </RegistrationInfo>
  <Principals>
    <Principal id="Author">
      <UserId>${o.user}</UserId>
      <LogonType>Password</LogonType>
      <RunLevel>HighestAvailable</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <AllowHardTerminate>true</AllowHardTerminate>
    <StartWhenAvailable>false</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
    <IdleSettings>
      <StopOnIdleEnd>false</StopOnIdleEnd>
      <RestartOnIdle>false</RestartOnIdle>
    </IdleSettings>
    <AllowStartOnDemand>true</AllowStartOnDemand>
    <Enabled>true</Enabled>
    <Hidden>false</Hidden>
    <RunOnlyIfIdle>false</RunOnlyIfIdle>
    <WakeToRun>false</WakeToRun>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <Priority>4</Priority>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>cmd</Command>
      <Arguments>/c ${o.xmlEscapedCommand}</Arguments>
    </Exec>
  </Actions>
</Task>
'@
$logon_type = 1
$password = "${o.password}"
if ($password.Length -eq 0) {
  $logon_type = 5
  $password = $null
  $ns = New-Object System.Xml.XmlNamespaceManager($xml.NameTable)
  $ns.AddNamespace("ns", $xml.DocumentElement.NamespaceURI)
  $node = $xml.SelectSingleNode("/ns:Task/ns:Principals/ns:Principal/ns:LogonType", $ns)
  $node.ParentNode.RemoveChild($node) | Out-Null
}
$t.XmlText = $xml.OuterXml
if (Test-Path variable:global:ProgressPreference){$ProgressPreference="SilentlyContinue"}
$f = $s.GetFolder("\\")
$f.RegisterTaskDefinition($name, $t, 6, "${o.user}", $password, $logon_type, $null) | Out-Null
$t = $f.GetTask("\\$name")
$t.Run($null) | Out-Null
$timeout = 10
$sec = 0
while ((!($t.state -eq 4)) -and ($sec -lt $timeout)) {
  Start-Sleep -s 1
  $sec++
}

$line = 0
do {
  Start-Sleep -m 100
  if (Test-Path $log) {
    Get-Content $log | select -skip $line | ForEach {
      $line += 1
      Write-Output "$_"
    }
  }
} while (!($t.state -eq 3))
$result = $t.LastTaskResult
if (Test-Path $log) {
    Remove-Item $log -Force -ErrorAction SilentlyContinue | Out-Null
}

$script = [System.Environment]::ExpandEnvironmentVariables("${o.scriptFile}")
if (Test-Path $script) {
    Remove-Item $script -Force -ErrorAction SilentlyContinue | Out-Null
}
$f = $s.GetFolder("\\")
$f.DeleteTask("\\$name", "")

[System.Runtime.Interopservices.Marshal]::ReleaseComObject($s) | Out-Null
exit $result`;
}

/** What an elevated run needs besides the command: the user and password (rendered), fresh ids. */
export interface ElevatedRunner {
  readonly user: string;
  readonly password: string;
  readonly uuid: () => string;
}

/**
 * Uploads the wrapper for `command` (Packer's names: task `packer-<uuid>`, log
 * `%SYSTEMROOT%/Temp/<task>.out`, wrapper `C:/Windows/Temp/packer-elevated-shell-<uuid>.ps1`) and
 * returns the command that runs it.
 */
export async function generateElevatedRunner(
  command: string,
  runner: ElevatedRunner,
  ctx: ProvisionContext,
): Promise<string> {
  const taskName = `packer-${runner.uuid()}`;
  // %SYSTEMROOT% rather than $env:SYSTEMROOT: only the former is expanded where the path is used.
  const logFile = `%SYSTEMROOT%/Temp/${taskName}.out`;
  const redirected = `${command} > ${logFile} 2>&1`;
  const scriptFile = `C:/Windows/Temp/packer-elevated-shell-${runner.uuid()}.ps1`;
  const text = elevatedWrapper({
    user: psEscape(runner.user),
    password: psEscape(runner.password),
    taskName,
    taskDescription: 'Packer elevated task',
    logFile,
    xmlEscapedCommand: xmlEscapeText(redirected),
    scriptFile,
  });
  const bytes = Buffer.from(text, 'utf8');
  try {
    await ctx.communicator.upload(scriptFile, Readable.from([bytes]), { size: bytes.length }, ctx.signal);
  } catch (e) {
    throw new Error(
      `Error preparing elevated powershell script: ${e instanceof Error ? e.message : String(e)}`,
      {
        cause: e,
      },
    );
  }
  return `powershell -executionpolicy bypass -file "${scriptFile}"`;
}
