import { Readable, Writable } from 'stream';

import { WinRMCommunicator, wsmanParameters } from '../../../src/communicators/winrm/communicator';
import {
  DOWNLOAD_CHUNK,
  MAX_OPERATIONS_PER_SHELL,
  readRangeScript,
  restoreScript,
  uploadChunkSize,
} from '../../../src/communicators/winrm/file-copy';
import {
  decodePowerShell,
  encodePowerShell,
  psLiteral,
  windowsPath,
} from '../../../src/communicators/winrm/powershell';
import { CancelledError } from '../../../src/engine/abort';
import { RemoteDisconnectedError } from '../../../src/engine/types';
import { type Answer, FakeWinRM } from './fake-winrm';

/** The WinRM communicator over an in-memory WinRM server: commands, and transfers as winrmcp makes them. */

const never = new AbortController().signal;
const communicator = (fake: FakeWinRM): WinRMCommunicator =>
  new WinRMCommunicator(fake, wsmanParameters(fake.url, 'PT30M'));

describe('commands', () => {
  it('streams both outputs across Receives (an OperationTimeout is asked again), then ends the command and its shell', async () => {
    const fake = new FakeWinRM(() => ({
      parts: [{ stdout: 'one ' }, 'timeout', { stderr: 'careful' }, { stdout: 'two' }],
      exitCode: 3,
    }));
    let out = '';
    let err = '';
    const r = await communicator(fake).start(
      { command: 'dir', onStdout: (c) => void (out += c), onStderr: (c) => void (err += c) },
      never,
    );
    expect(r.exitStatus).toBe(3);
    expect(out).toBe('one two');
    expect(err).toBe('careful');
    expect(fake.requests.map((q) => q.action)).toEqual([
      'Create',
      'Command',
      'Receive',
      'Receive',
      'Receive',
      'Receive',
      'Signal',
      'Delete',
    ]);
    expect(fake.openShells.size).toBe(0);
  });

  it('asks for more output only once the reader has taken the last', async () => {
    const fake = new FakeWinRM(() => ({ parts: [{ stdout: 'a' }, { stdout: 'b' }] }));
    let release: () => void = () => undefined;
    const seen: string[] = [];
    const run = communicator(fake).start(
      {
        command: 'x',
        onStdout: (c) => {
          seen.push(c.toString());
          return c.toString() === 'a' ? new Promise<void>((r) => (release = r)) : undefined;
        },
      },
      never,
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['a']);
    expect(fake.requests.filter((q) => q.action === 'Receive')).toHaveLength(1);
    release();
    await run;
    expect(seen).toEqual(['a', 'b']);
  });

  it('sends standard input in pieces, the last marked End', async () => {
    const fake = new FakeWinRM(() => ({ parts: [{}] }));
    const input = Buffer.alloc(150 * 1024, 1);
    await communicator(fake).start({ command: 'more', stdin: Readable.from([input]) }, never);
    const sends = fake.requests.filter((q) => q.action === 'Send');
    expect(sends.map((s) => [s.stdin?.length, s.eof])).toEqual([
      [65536, false],
      [65536, false],
      [150 * 1024 - 131072, true],
    ]);
    expect(Buffer.concat(sends.map((s) => s.stdin as Buffer)).equals(input)).toBe(true);
  });

  it('terminates the command and deletes the shell when cancelled', async () => {
    const fake = new FakeWinRM(() => ({ parts: ['hang'] }));
    const ac = new AbortController();
    const run = communicator(fake).start({ command: 'ping -t localhost' }, ac.signal);
    await new Promise((r) => setTimeout(r, 20));
    ac.abort();
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(fake.requests.slice(-2).map((q) => q.action)).toEqual(['Signal', 'Delete']);
  });

  it('reports a connection lost while a command runs as a disconnection (expect_disconnect, windows-restart)', async () => {
    const fake = new FakeWinRM(() => ({ parts: [{ stdout: 'restarting' }, 'drop'] }));
    await expect(communicator(fake).start({ command: 'shutdown /r /t 0' }, never)).rejects.toBeInstanceOf(
      RemoteDisconnectedError,
    );
    // No terminate or delete is sent to a machine that went away (it would only wait out a timeout).
    expect(fake.requests.map((q) => q.action)).toEqual(['Create', 'Command', 'Receive', 'Receive']);
  });

  it("refuses to download a directory, in Packer's words", async () => {
    await expect(communicator(new FakeWinRM(() => ({}))).downloadDir()).rejects.toThrow(
      "WinRM doesn't support download dir.",
    );
  });
});

/** A source made as it is read, which records how much was taken from it. */
function lazySource(
  size: number,
  piece = 64 * 1024,
): { stream: Readable; pulled: () => number; bytes: () => Buffer } {
  let made = 0;
  const all: Buffer[] = [];
  const stream = new Readable({
    highWaterMark: piece,
    read() {
      if (made >= size) return void this.push(null);
      const n = Math.min(piece, size - made);
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i++) b[i] = ((made + i) * 7919) % 251;
      made += n;
      all.push(b);
      this.push(b);
    },
  });
  return { stream, pulled: () => made, bytes: () => Buffer.concat(all) };
}

const ECHO = /^echo (\S+) >> "%TEMP%\\(winrmcp-[0-9a-f-]{36}\.tmp)"$/;

describe('upload, as winrmcp', () => {
  it('appends base64 chunks to a temporary file under the command-line limit, 15 to a shell, holding one chunk at a time', async () => {
    const size = 3 * 1024 * 1024 + 123;
    const source = lazySource(size);
    let received = 0;
    let worstAhead = 0;
    const shellOf = new Map<string, number>();
    const fake = new FakeWinRM((command, shellId) => {
      shellOf.set(shellId, (shellOf.get(shellId) ?? 0) + 1);
      const m = ECHO.exec(command);
      if (m !== null) {
        expect(command.length).toBeLessThanOrEqual(8000 + 'echo  >> ""'.length);
        received += Buffer.from(m[1], 'base64').length;
        worstAhead = Math.max(worstAhead, source.pulled() - received);
      }
      return {};
    });
    await communicator(fake).upload("C:/Program Files/app/it's.bin", source.stream, {}, never);

    const commands = fake.commands();
    const echoes = commands.slice(0, -1).map((c) => ECHO.exec(c));
    expect(echoes.every((m) => m !== null)).toBe(true);
    const tempName = echoes[0]?.[2] as string;
    expect(echoes.every((m) => m?.[2] === tempName)).toBe(true);
    const chunk = uploadChunkSize(`%TEMP%\\${tempName}`);
    expect(chunk).toBe(Math.floor((8000 - 55) / 4) * 3); // "%TEMP%\\winrmcp-<uuid>.tmp" is 55 characters
    expect(echoes).toHaveLength(Math.ceil(size / chunk));
    const uploaded = Buffer.concat(echoes.map((m) => Buffer.from(m?.[1] as string, 'base64')));
    expect(uploaded.equals(source.bytes())).toBe(true);
    // Bounded: never more than a chunk, a piece of the source and the source's own buffer ahead.
    expect(worstAhead).toBeLessThanOrEqual(chunk + 2 * 64 * 1024);
    expect(Math.max(...shellOf.values())).toBe(MAX_OPERATIONS_PER_SHELL);
    // Then one PowerShell script restores the file (quotes in the path doubled) and removes the temporary file.
    expect(decodePowerShell(commands[commands.length - 1])).toBe(
      `$ProgressPreference = 'SilentlyContinue';${restoreScript(tempName, "C:\\Program Files\\app\\it's.bin")}`,
    );
    expect(restoreScript(tempName, "C:\\Program Files\\app\\it's.bin")).toContain(
      `$dest = [System.IO.Path]::GetFullPath('C:\\Program Files\\app\\it''s.bin')`,
    );
    expect(fake.openShells.size).toBe(0);
  });

  it('puts a file under its own name when the destination ends in a backslash, as Packer does', async () => {
    const fake = new FakeWinRM(() => ({}));
    await communicator(fake).upload('C:\\dir\\', Readable.from([]), { name: 'a.ps1' }, never);
    expect(decodePowerShell(fake.commands()[0])).toContain("GetFullPath('C:\\dir\\a.ps1')");
    await expect(communicator(fake).upload('C:\\dir\\', Readable.from([]), {}, never)).rejects.toThrow(
      'Was unable to infer file basename for upload.',
    );
  });

  it('restores an empty file from no chunks at all', async () => {
    const fake = new FakeWinRM(() => ({}));
    await communicator(fake).upload('C:\\empty.txt', Readable.from([]), {}, never);
    expect(fake.commands()).toHaveLength(1);
    expect(decodePowerShell(fake.commands()[0])).toContain("GetFullPath('C:\\empty.txt')");
  });

  it("fails with winrmcp's messages when a chunk or the restore fails", async () => {
    const appendFails = new FakeWinRM(() => ({ exitCode: 1 }));
    await expect(
      communicator(appendFails).upload('C:\\a.txt', Readable.from([Buffer.from('x')]), {}, never),
    ).rejects.toThrow(
      /^Error uploading file to \$env:TEMP\\winrmcp-[0-9a-f-]+\.tmp: upload operation returned code=1$/,
    );

    const restoreFails = new FakeWinRM((command) =>
      command.startsWith('powershell')
        ? { parts: [{ stderr: 'Access to the path is denied.' }], exitCode: 1 }
        : {},
    );
    await expect(
      communicator(restoreFails).upload('C:/Windows/x.txt', Readable.from([Buffer.from('x')]), {}, never),
    ).rejects.toThrow(
      /^Error restoring file from \$env:TEMP\\winrmcp-[0-9a-f-]+\.tmp to C:\\Windows\\x\.txt: restore operation returned code=1: Access to the path is denied\.$/,
    );
  });
});

describe('download', () => {
  const RANGE = /GetFullPath\('((?:[^']|'')*)'\); \$o = (\d+); \$n = (\d+);/;
  const serve =
    (files: Record<string, Buffer>) =>
    (command: string): Answer => {
      const m = RANGE.exec(decodePowerShell(command) ?? '');
      if (m === null) return { exitCode: 9 };
      const file = files[m[1].replace(/''/g, "'")];
      if (file === undefined) return { parts: [{ stderr: `Could not find file '${m[1]}'.` }], exitCode: 1 };
      const text = file.subarray(Number(m[2]), Number(m[2]) + Number(m[3])).toString('base64');
      // Split as Windows splits a long output across Receive answers.
      const parts = text.match(/[\s\S]{1,100000}/g)?.map((t) => ({ stdout: t })) ?? [{ stdout: '' }];
      return { parts: [...parts, { stdout: '\r\n' }] };
    };

  it('reads the file back a chunk per command, and waits for each write', async () => {
    const content = Buffer.alloc(2 * DOWNLOAD_CHUNK + 77, 0);
    for (let i = 0; i < content.length; i++) content[i] = i % 253;
    let pendingWrites = 0;
    let commandsDuringWrite = 0;
    const fake = new FakeWinRM((command) => {
      if (pendingWrites > 0) commandsDuringWrite++;
      return serve({ "C:\\it's\\f.bin": content })(command);
    });
    const got: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        pendingWrites++;
        setTimeout(() => {
          got.push(chunk);
          pendingWrites--;
          done();
        }, 5);
      },
    });
    await communicator(fake).download("C:/it's/f.bin", sink, never);
    expect(Buffer.concat(got).equals(content)).toBe(true);
    expect(fake.commands()).toHaveLength(3);
    expect(commandsDuringWrite).toBe(0);
    expect(decodePowerShell(fake.commands()[1])).toBe(
      `$ProgressPreference = 'SilentlyContinue';${readRangeScript("C:\\it's\\f.bin", DOWNLOAD_CHUNK, DOWNLOAD_CHUNK)}`,
    );
  });

  it('asks once more when the file is an exact number of chunks, and once for an empty file', async () => {
    const fake = new FakeWinRM(serve({ 'C:\\x': Buffer.alloc(DOWNLOAD_CHUNK, 1), 'C:\\e': Buffer.alloc(0) }));
    const sink = new Writable({ write: (_c, _e, done) => done() });
    await communicator(fake).download('C:\\x', sink, never);
    expect(fake.commands()).toHaveLength(2);
    await communicator(fake).download('C:\\e', sink, never);
    expect(fake.commands()).toHaveLength(3);
  });

  it('fails with what the command said', async () => {
    const fake = new FakeWinRM(serve({}));
    const sink = new Writable({ write: (_c, _e, done) => done() });
    await expect(communicator(fake).download('C:\\missing.txt', sink, never)).rejects.toThrow(
      "Error downloading C:\\missing.txt: exit code 1: Could not find file 'C:\\missing.txt'.",
    );
  });
});

describe('PowerShell commands', () => {
  it('are encoded as masterzen/winrm encodes them: UTF-16LE in base64, progress bars off', () => {
    // "$ProgressPreference = 'SilentlyContinue';dir" in UTF-16LE, base64.
    expect(encodePowerShell('dir')).toBe(
      'powershell.exe -EncodedCommand JABQAHIAbwBnAHIAZQBzAHMAUAByAGUAZgBlAHIAZQBuAGMAZQAgAD0AIAAnAFMAaQBsAGUAbgB0AGwAeQBDAG8AbgB0AGkAbgB1AGUAJwA7AGQAaQByAA==',
    );
    expect(decodePowerShell(encodePowerShell('echo "é中"'))).toBe(
      `$ProgressPreference = 'SilentlyContinue';echo "é中"`,
    );
  });

  it('quote literals and paths as PowerShell and winrmcp read them', () => {
    expect(psLiteral("it's $x `y`")).toBe("'it''s $x `y`'");
    expect(windowsPath("'C:/Program Files/a b'")).toBe('C:\\Program Files\\a b');
    expect(windowsPath('C:/x/y')).toBe('C:\\x\\y');
  });
});
