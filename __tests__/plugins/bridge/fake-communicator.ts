import { encodeCommandFinished } from '../../../src/plugins/gob';
import type { MuxBroker, RpcService } from '../../../src/plugins/rpc';
import type { Readable } from 'stream';

/**
 * The plugin's side of a communicator, as the SDK's CommunicatorServer behaves: Start dials the
 * streams Kiln named, returns at once, and writes the gob CommandFinished on the response stream
 * once the "command" has ended; Upload and Download dial the data stream; directory transfers
 * only record their arguments.
 */

export interface CommandResult {
  readonly out?: string;
  readonly err?: string;
  /** Undefined: the response stream ends without a status (the plugin's side broke). */
  readonly status?: number;
  /** Waits this long before ending (a running command). */
  readonly delayMs?: number;
}

export interface FakeCommunicatorLog {
  readonly starts: Record<string, unknown>[];
  readonly stdin: string[];
  readonly uploads: { args: Record<string, unknown>; data: Buffer }[];
  readonly dirs: { method: string; args: Record<string, unknown> }[];
}

export function fakeCommunicator(
  broker: MuxBroker,
  run: (command: string) => CommandResult,
  files: Readonly<Record<string, Buffer>> = {},
): { service: RpcService; log: FakeCommunicatorLog } {
  const log: FakeCommunicatorLog = { starts: [], stdin: [], uploads: [], dirs: [] };
  const service: RpcService = {
    async Start(arg) {
      const a = arg as Record<string, number | string>;
      log.starts.push(a);
      const dial = (id: number | string) => (id ? broker.dial(Number(id)) : Promise.resolve(undefined));
      const stdin = await dial(a.StdinStreamId);
      const stdout = await dial(a.StdoutStreamId);
      const stderr = await dial(a.StderrStreamId);
      const response = await broker.dial(Number(a.ResponseStreamId));
      const result = run(String(a.Command));
      void (async () => {
        if (stdin) log.stdin.push((await drain(stdin)).toString('utf8'));
        if (result.delayMs) await new Promise((r) => setTimeout(r, result.delayMs));
        if (stdout && result.out) stdout.write(result.out);
        if (stderr && result.err) stderr.write(result.err);
        stdout?.end();
        stderr?.end();
        stdin?.end();
        if (result.status === undefined) response.end();
        else response.end(encodeCommandFinished(result.status));
      })();
      return null;
    },
    async Upload(arg) {
      const a = arg as Record<string, unknown>;
      const stream = await broker.dial(Number(a.ReaderStreamId));
      const data = await drain(stream);
      stream.end();
      if (String(a.Path).startsWith('/denied/')) throw new Error(`Failed to upload to '${String(a.Path)}'`);
      log.uploads.push({ args: a, data });
      return null;
    },
    async Download(arg) {
      const a = arg as Record<string, unknown>;
      const content = files[String(a.Path)];
      if (!content) throw new Error(`Error downloading file: no such file ${String(a.Path)}`);
      const stream = await broker.dial(Number(a.WriterStreamId));
      stream.resume();
      stream.end(content);
      return null;
    },
    UploadDir(arg) {
      log.dirs.push({ method: 'UploadDir', args: arg as Record<string, unknown> });
      return null;
    },
    DownloadDir(arg) {
      log.dirs.push({ method: 'DownloadDir', args: arg as Record<string, unknown> });
      throw new Error('DownloadDir is not implemented for fake');
    },
  };
  return { service, log };
}

/** Everything until the peer's EOF, leaving the stream open for our own end (Go's Close). */
function drain(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}
