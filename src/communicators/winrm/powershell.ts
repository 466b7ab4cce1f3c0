/**
 * Commands for the remote shell: PowerShell scripts passed as `powershell.exe -EncodedCommand`
 * (UTF-16LE, base64: no quoting through cmd.exe), as masterzen/winrm's Powershell() does, with the
 * progress bar (written to stderr) turned off first.
 */

export function encodePowerShell(script: string): string {
  const text = `$ProgressPreference = 'SilentlyContinue';${script}`;
  return `powershell.exe -EncodedCommand ${Buffer.from(text, 'utf16le').toString('base64')}`;
}

/** The script an encoded command carries (for tests and logs). */
export function decodePowerShell(command: string): string | undefined {
  const m = /^powershell(?:\.exe)? -EncodedCommand (\S+)$/.exec(command);
  return m === null ? undefined : Buffer.from(m[1], 'base64').toString('utf16le');
}

/** A PowerShell single-quoted literal: nothing in it expands; a quote is doubled. */
export function psLiteral(s: string): string {
  return `'${s.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/**
 * A destination as winrmcp's winPath reads it: forward slashes become backslashes, and quotes
 * around a path (which winrmcp adds to paths with spaces and strips again) are dropped.
 */
export function windowsPath(p: string): string {
  return p.replace(/^['"]+|['"]+$/g, '').replace(/\//g, '\\');
}
