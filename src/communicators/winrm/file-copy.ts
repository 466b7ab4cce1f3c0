import { randomUUID } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';

import type { WsmanParameters } from './soap';
import { type WinRMShell, withShell } from './shell';
import { encodePowerShell, psLiteral, windowsPath } from './powershell';
import type { SoapTransport } from './transport';

/**
 * Files over the remote shell, as packer-community/winrmcp moves them for Packer: an upload is
 * appended in base64 lines to a temporary file (`echo <base64> >> "%TEMP%\winrmcp-<uuid>.tmp"`,
 * each command under cmd.exe's 8191-character limit, a new shell every 15 commands), then one
 * PowerShell script decodes the lines into the destination and removes the temporary file. A
 * download reads the file back a range at a time (Packer reads it whole in one command), so both
 * directions hold one chunk in memory, never a file.
 */

/** winrmcp's MaxOperationsPerShell as Packer sets it ("lowest common denominator"). */
export const MAX_OPERATIONS_PER_SHELL = 15;

/** Bytes read back per download command. */
export const DOWNLOAD_CHUNK = 1024 * 1024;

/** winrmcp's chunk: as many bytes as fit, in base64, into an 8000-character echo command. */
export function uploadChunkSize(tempPath: string): number {
  return Math.floor((8000 - tempPath.length) / 4) * 3;
}

/** The source in pieces of exactly `size` bytes (the last may be shorter). */
async function* fixedChunks(source: Readable, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let length = 0;
  for await (const piece of source) {
    let chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(String(piece));
    while (length + chunk.length >= size) {
      const take = size - length;
      yield Buffer.concat([...pending, chunk.subarray(0, take)]);
      chunk = chunk.subarray(take);
      pending = [];
      length = 0;
    }
    if (chunk.length > 0) {
      pending.push(chunk);
      length += chunk.length;
    }
  }
  if (length > 0) yield Buffer.concat(pending);
}

/** Collects a command's output, kept short, for error messages. */
function outputCollector(): {
  onStdout: (c: Buffer) => void;
  onStderr: (c: Buffer) => void;
  text: () => string;
} {
  const parts: Buffer[] = [];
  let size = 0;
  const keep = (c: Buffer): void => {
    if (size < 4096) parts.push(c.subarray(0, 4096 - size));
    size += c.length;
  };
  return { onStdout: keep, onStderr: keep, text: () => Buffer.concat(parts).toString('utf8').trim() };
}

/** The script that turns the temporary file of base64 lines into the destination, then removes it. */
export function restoreScript(tempName: string, destination: string): string {
  return [
    `$tmp = Join-Path $env:TEMP ${psLiteral(tempName)}`,
    `$dest = [System.IO.Path]::GetFullPath(${psLiteral(destination)})`,
    // A directory in the way is winrmcp's exit code 1.
    'if (Test-Path -LiteralPath $dest -PathType Container) { exit 1 }',
    'if (Test-Path -LiteralPath $dest) { Remove-Item -LiteralPath $dest -Force }',
    'else { New-Item -ItemType Directory -Force -ErrorAction SilentlyContinue -Path ([System.IO.Path]::GetDirectoryName($dest)) | Out-Null }',
    '$out = [System.IO.File]::Create($dest)',
    'try {',
    '  if (Test-Path -LiteralPath $tmp) {',
    '    $in = [System.IO.File]::OpenText($tmp)',
    '    try { while ($null -ne ($line = $in.ReadLine())) { $bytes = [System.Convert]::FromBase64String($line); $out.Write($bytes, 0, $bytes.Length) } }',
    '    finally { $in.Close() }',
    '  }',
    '} finally { $out.Close(); Remove-Item -LiteralPath $tmp -Force -ErrorAction SilentlyContinue }',
  ].join('\n');
}

/** The script that prints `length` bytes of the file from `offset`, in base64. */
export function readRangeScript(path: string, offset: number, length: number): string {
  return [
    `$path = [System.IO.Path]::GetFullPath(${psLiteral(path)}); $o = ${offset}; $n = ${length};`,
    "$f = [System.IO.File]::Open($path, 'Open', 'Read', 'ReadWrite')",
    "try { [void]$f.Seek($o, 'Begin'); $buf = New-Object byte[] $n; $got = 0",
    '  while ($got -lt $n) { $r = $f.Read($buf, $got, $n - $got); if ($r -le 0) { break }; $got += $r }',
    '  [System.Console]::Out.Write([System.Convert]::ToBase64String($buf, 0, $got)) }',
    'finally { $f.Close() }',
  ].join('\n');
}

export async function uploadFile(
  transport: SoapTransport,
  params: WsmanParameters,
  destination: string,
  source: Readable,
  signal: AbortSignal,
): Promise<void> {
  const tempName = `winrmcp-${randomUUID()}.tmp`;
  const tempPath = `%TEMP%\\${tempName}`;
  const dest = windowsPath(destination);
  const chunks = fixedChunks(source, uploadChunkSize(tempPath));
  let ended = false;
  try {
    while (!ended) {
      await withShell(transport, params, signal, async (shell) => {
        for (let i = 0; i < MAX_OPERATIONS_PER_SHELL; i++) {
          const next = await chunks.next();
          if (next.done === true) {
            ended = true;
            return;
          }
          const code = await shell.run(`echo ${next.value.toString('base64')} >> "${tempPath}"`, {}, signal);
          if (code !== 0) throw new Error(`upload operation returned code=${code}`);
        }
      });
    }
  } catch (e) {
    await chunks.return(undefined);
    throw new Error(`Error uploading file to $env:TEMP\\${tempName}: ${(e as Error).message}`, { cause: e });
  }
  const out = outputCollector();
  const code = await withShell(transport, params, signal, (shell) =>
    shell.run(encodePowerShell(restoreScript(tempName, dest)), out, signal),
  );
  if (code !== 0) {
    const said = out.text();
    throw new Error(
      `Error restoring file from $env:TEMP\\${tempName} to ${dest}: restore operation returned code=${code}${said === '' ? '' : `: ${said}`}`,
    );
  }
}

function write(destination: Writable, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => destination.write(data, (e) => (e ? reject(e) : resolve())));
}

/** Reads `path` a chunk per command and writes it to `destination` (which is not ended). */
export async function downloadFile(
  transport: SoapTransport,
  params: WsmanParameters,
  path: string,
  destination: Writable,
  signal: AbortSignal,
): Promise<void> {
  const remote = windowsPath(path);
  let offset = 0;
  let more = true;
  const readChunk = async (shell: WinRMShell): Promise<void> => {
    const text: Buffer[] = [];
    const out = outputCollector();
    const code = await shell.run(
      encodePowerShell(readRangeScript(remote, offset, DOWNLOAD_CHUNK)),
      { onStdout: (c) => void text.push(c), onStderr: out.onStderr },
      signal,
    );
    if (code !== 0) {
      const said = [Buffer.concat(text).toString('utf8').trim(), out.text()]
        .filter((s) => s !== '')
        .join('\n');
      throw new Error(`Error downloading ${remote}: exit code ${code}${said === '' ? '' : `: ${said}`}`);
    }
    const data = Buffer.from(Buffer.concat(text).toString('latin1').replace(/\s+/g, ''), 'base64');
    if (data.length > 0) await write(destination, data);
    offset += data.length;
    more = data.length === DOWNLOAD_CHUNK;
  };
  while (more) {
    await withShell(transport, params, signal, async (shell) => {
      for (let i = 0; i < MAX_OPERATIONS_PER_SHELL && more; i++) await readChunk(shell);
    });
  }
}
