import type { YamuxSession, YamuxStream } from '../yamux';

/**
 * packer-plugin-sdk's mux broker (rpc/mux_broker.go), Kiln's side. Every RPC endpoint between
 * Packer core and a plugin lives on its own yamux stream, named by a uint32 both sides agree on
 * beforehand (0 is the plugin's main component; Builder.Run passes the id where Kiln serves Ui
 * and Hook; the plugin replies with the id where it serves the Artifact). The dialer writes the id
 * as 4 little-endian bytes on a fresh stream; the acceptor answers the same 4 bytes as its ack.
 */

/** How long an accepted stream waits for its Accept, and an Accept for its stream (the SDK's 5 s). */
export const BROKER_TIMEOUT_MS = 5000;

interface Waiting {
  stream?: YamuxStream;
  acceptor?: (stream: YamuxStream) => void;
  timer?: NodeJS.Timeout;
}

export class MuxBroker {
  private lastId = 0;
  private readonly waiting = new Map<number, Waiting>();
  private running = false;

  constructor(
    private readonly session: YamuxSession,
    private readonly timeoutMs = BROKER_TIMEOUT_MS,
  ) {}

  /** An id not used yet on this connection, for an endpoint Kiln is about to serve. */
  nextId(): number {
    this.lastId = (this.lastId + 1) >>> 0;
    return this.lastId;
  }

  /** Opens the stream the plugin serves under `id` (Go's Dial). */
  async dial(id: number): Promise<YamuxStream> {
    const stream = this.session.openStream();
    try {
      stream.write(uint32le(id));
      const ack = (await readExactly(stream, 4)).readUInt32LE(0);
      if (ack !== id) throw new Error(`bad ack: ${ack} (expected ${id})`);
      return stream;
    } catch (err) {
      stream.destroy();
      throw err;
    }
  }

  /** The stream the plugin dials under `id`, acknowledged (Go's Accept). */
  async accept(id: number): Promise<YamuxStream> {
    const slot = this.slot(id);
    const stream =
      slot.stream ??
      (await new Promise<YamuxStream>((resolve, reject) => {
        slot.acceptor = resolve;
        slot.timer = setTimeout(() => {
          this.waiting.delete(id);
          reject(new Error('timeout waiting for accept'));
        }, this.timeoutMs);
        // An accept the plugin never dials (its call failed first) must not keep Kiln running.
        slot.timer.unref();
      }));
    clearTimeout(slot.timer);
    this.waiting.delete(id);
    stream.write(uint32le(id));
    return stream;
  }

  /**
   * Reads the id of every stream the plugin opens and hands it to its Accept; one nobody accepts
   * within the timeout is closed, as in the SDK. Ends with the session.
   */
  run(): void {
    if (this.running) return;
    this.running = true;
    void (async () => {
      for (;;) {
        let stream: YamuxStream;
        try {
          stream = await this.session.accept();
        } catch {
          return;
        }
        void this.route(stream);
      }
    })();
  }

  private async route(stream: YamuxStream): Promise<void> {
    let id: number;
    try {
      id = (await readExactly(stream, 4)).readUInt32LE(0);
    } catch {
      stream.destroy();
      return;
    }
    const slot = this.slot(id);
    if (slot.acceptor) {
      slot.acceptor(stream);
      return;
    }
    if (slot.stream) {
      // A second stream under an id still waiting: the SDK keeps the first.
      stream.destroy();
      return;
    }
    slot.stream = stream;
    slot.timer = setTimeout(() => {
      this.waiting.delete(id);
      stream.destroy();
    }, this.timeoutMs);
  }

  private slot(id: number): Waiting {
    let slot = this.waiting.get(id);
    if (!slot) this.waiting.set(id, (slot = {}));
    return slot;
  }
}

function uint32le(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
}

/** Exactly n bytes from the front of a stream, leaving the rest buffered for its next reader. */
function readExactly(stream: YamuxStream, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tryRead = (): void => {
      const chunk = stream.read(n) as Buffer | null;
      if (chunk === null) return;
      cleanup();
      if (chunk.length < n) reject(new Error(`stream ended after ${chunk.length} of ${n} bytes`));
      else resolve(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      reject(new Error(`stream ended before ${n} bytes`));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onClose = (): void => {
      cleanup();
      reject(new Error('stream closed'));
    };
    const cleanup = (): void => {
      stream.off('readable', tryRead);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    stream.on('readable', tryRead);
    stream.once('end', onEnd);
    stream.once('error', onError);
    stream.once('close', onClose);
  });
}
