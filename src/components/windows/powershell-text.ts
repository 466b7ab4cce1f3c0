import {
  HTTP_ADDR_NOT_IMPLEMENTED,
  HTTP_IP_NOT_IMPLEMENTED,
  HTTP_PORT_NOT_IMPLEMENTED,
} from '../../engine/provision-hook-data';
import { goSprintf } from '../../gotemplate/go-fmt';

/**
 * The texts the powershell provisioner sends to a Windows machine, as pure functions: the
 * environment-variable assignments, the wrapper around inline commands, the clean-up script and
 * masterzen/winrm's encoded commands. Written from reading Packer's provisioner/powershell, the
 * SDK's guestexec and masterzen/winrm; the unit tests hold hand-written golden values.
 */

/**
 * Packer's psEscape: a backtick before `$`, `"`, `` ` `` and `'`, in one pass (a backtick it adds is
 * not escaped again). Used on variable values and on the elevated user and password.
 */
export function psEscape(text: string): string {
  return text.replace(/[$"`']/g, (c) => `\`${c}`);
}

/** Go's sort.Strings order: by UTF-8 bytes, which differs from JavaScript's UTF-16 order above U+FFFF. */
function goLess(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The variables a Windows script sees: Packer's own, `environment_vars` (split on the first `=`), then `env`. */
export function windowsEnvironment(
  build: { readonly buildName: string; readonly builderType: string },
  generated: Readonly<Record<string, string>>,
  environmentVars: readonly string[],
  env: Readonly<Record<string, string>>,
  escape: (value: string) => string,
): Map<string, string> {
  const vars = new Map<string, string>([
    ['PACKER_BUILD_NAME', build.buildName],
    ['PACKER_BUILDER_TYPE', build.builderType],
  ]);
  // The HTTP server's address only when the builder has one (commonsteps' "not implemented" marks).
  const http: readonly [string, string, string][] = [
    ['PackerHTTPAddr', 'PACKER_HTTP_ADDR', HTTP_ADDR_NOT_IMPLEMENTED],
    ['PackerHTTPIP', 'PACKER_HTTP_IP', HTTP_IP_NOT_IMPLEMENTED],
    ['PackerHTTPPort', 'PACKER_HTTP_PORT', HTTP_PORT_NOT_IMPLEMENTED],
  ];
  for (const [key, name, missing] of http) {
    const value = generated[key];
    if (value !== undefined && value !== missing) vars.set(name, value);
  }
  for (const pair of environmentVars) {
    const eq = pair.indexOf('=');
    vars.set(pair.slice(0, eq), escape(pair.slice(eq + 1)));
  }
  for (const [k, v] of Object.entries(env)) vars.set(k, escape(v));
  return vars;
}

/** Each variable through the Go format (`$env:%s="%s"; `, `set "%s=%s" && `), in sorted name order, joined. */
export function flattenEnvVars(vars: ReadonlyMap<string, string>, format: string): string {
  return [...vars.keys()]
    .sort(goLess)
    .map((k) => goSprintf(format, [k, vars.get(k) ?? '']))
    .join('');
}

/**
 * The script Packer makes of `inline` commands: progress bars off, `Set-PsDebug` with debug_mode, the
 * variables, the commands (each followed by a newline and a tab), and the exit status of the last
 * native command unless a terminating error happened. LF line endings, as Packer writes it.
 */
export function inlineWrapper(commands: readonly string[], vars: string, debugMode: number): string {
  const payload = commands.map((c) => `${c}\n\t`).join('');
  const debug = debugMode !== 0 ? `\n\tSet-PsDebug -Trace ${debugMode}` : '';
  return (
    '\n' +
    '\tif (Test-Path variable:global:ProgressPreference) {\n' +
    "\t  set-variable -name variable:global:ProgressPreference -value 'SilentlyContinue'\n" +
    '\t}\n' +
    `\t${debug}\n` +
    '\t$exitCode = 0\n' +
    '\ttry {\n' +
    `\t${vars}\n` +
    `\t${payload}\n` +
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
    '\n'
  );
}

/** The self-removing clean-up script: one `Test-Path`/`Remove-Item` line per file, itself last. */
export function cleanUpScript(remoteFiles: readonly string[], itself: string): string {
  return [...remoteFiles, itself].map((f) => `if (Test-Path ${f}) {Remove-Item ${f}}\n`).join('');
}

/**
 * masterzen/winrm's Powershell(): the command with progress bars turned off, as UTF-16LE in base64
 * after `powershell.exe -EncodedCommand` (no quoting problems whatever the command holds).
 */
export function encodedPowershell(command: string): string {
  const text = `$ProgressPreference = 'SilentlyContinue';${command}`;
  return `powershell.exe -EncodedCommand ${Buffer.from(text, 'utf16le').toString('base64')}`;
}
