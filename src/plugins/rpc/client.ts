import type { Duplex } from 'node:stream';

import { encodeMessage, isResponseHeader, readMessages } from './codec';

/** An error the plugin's method returned (Go's rpc.ServerError): its text, as Packer shows it. */
export class RpcServerError extends Error {
  override readonly name = 'RpcServerError';
  constructor(
    readonly serviceMethod: string,
    message: string,
  ) {
    super(message);
  }
}

/** Go's rpc.ErrShutdown: the connection ended with calls in flight, or a call came after. */
export class RpcShutdownError extends Error {
  override readonly name = 'RpcShutdownError';
  constructor(cause?: Error) {
    super(cause ? `connection is shut down: ${cause.message}` : 'connection is shut down', { cause });
  }
}

interface Pending {
  readonly method: string;
  readonly resolve: (body: unknown) => void;
  readonly reject: (err: Error) => void;
}

/**
 * Go's net/rpc client over one stream: calls are written whole, tagged with a sequence number, and
 * may be answered in any order (the plugin serves each call in its own goroutine), so a long
 * Builder.Run does not block the Cancel sent while it runs.
 */
export class RpcClient {
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  private shutdown: RpcShutdownError | undefined;

  constructor(private readonly stream: Duplex) {
    stream.on('error', () => undefined); // reported through the read loop's end
    void this.readLoop();
  }

  /** Calls `Service.Method` with `args`; resolves with the reply body, as msgpack decoded it. */
  call(serviceMethod: string, args: unknown): Promise<unknown> {
    if (this.shutdown) return Promise.reject(this.shutdown);
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { method: serviceMethod, resolve, reject });
      this.stream.write(encodeMessage({ ServiceMethod: serviceMethod, Seq: seq }, args), (err) => {
        if (!err) return;
        this.pending.delete(seq);
        reject(new RpcShutdownError(err));
      });
    });
  }

  /** Half-closes the stream: the plugin's server sees EOF and stops serving it. */
  close(): void {
    this.fail(new RpcShutdownError());
    this.stream.end();
  }

  private async readLoop(): Promise<void> {
    let cause: Error | undefined;
    try {
      for await (const { header, body } of readMessages(this.stream, isResponseHeader)) {
        const call = this.pending.get(header.Seq);
        // A reply nobody waits for (its write failed): net/rpc discards it too.
        if (!call) continue;
        this.pending.delete(header.Seq);
        if (header.Error !== '') call.reject(new RpcServerError(call.method, header.Error));
        else call.resolve(body);
      }
    } catch (err) {
      cause = err instanceof Error ? err : new Error(String(err));
    }
    this.fail(new RpcShutdownError(cause));
  }

  private fail(err: RpcShutdownError): void {
    this.shutdown ??= err;
    for (const call of this.pending.values()) call.reject(err);
    this.pending.clear();
  }
}
