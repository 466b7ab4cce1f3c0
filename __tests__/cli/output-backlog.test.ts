import { Writable } from 'stream';

import type { CommandIO } from '../../src/cli/io';
import { runCLI } from '../../src/cli/main';
import { docker } from '../../src/communicators/docker/cli';
import { OUTPUT_BACKLOG_LIMIT, writableBacklog } from '../../src/cli/output-backlog';
import { HELD_LINE_LIMIT, BuildRenderer } from '../../src/cli/ui/render';
import { tempTemplate } from '../support/temp';

/**
 * A slow reader of Kiln's output: builds pause their commands' output instead of queueing it.
 * The reader here takes about 12 MB/s; what is queued in it (writableLength) is what Kiln would
 * hold in memory waiting for the reader.
 */
class SlowReader extends Writable {
  received = 0;
  maxQueued = 0;
  private credit = 0;
  constructor() {
    super({ decodeStrings: true });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error) => void): void {
    this.received += chunk.length;
    this.credit -= chunk.length;
    if (this.credit > 0) return done();
    setTimeout(() => {
      this.credit = 64 * 1024;
      done();
    }, 5);
  }
  /** Writes as Kiln's standard output does, noting the most ever queued. */
  take(text: string): void {
    this.write(text);
    this.maxQueued = Math.max(this.maxQueued, this.writableLength);
  }
  finished(): Promise<void> {
    return new Promise((resolve) => this.end(resolve));
  }
}

const MB = 1024 * 1024;

describe('writableBacklog', () => {
  it('reports a backlog past the limit until the stream drains', async () => {
    const reader = new SlowReader();
    const backlog = writableBacklog(reader, MB);
    const chunk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 80; i++) {
      reader.take(chunk);
      const wait = backlog();
      if (wait !== undefined) {
        expect(reader.writableLength).toBeGreaterThanOrEqual(MB);
        expect(backlog()).toBe(wait); // one promise for every producer
        await wait;
        expect(reader.writableLength).toBe(0);
      }
    }
    await reader.finished();
    expect(reader.received).toBe(80 * chunk.length);
    expect(reader.maxQueued).toBeLessThan(MB + chunk.length + 1);
  });

  it('does not wait on a stream that was closed', async () => {
    const reader = new SlowReader();
    const backlog = writableBacklog(reader, 1024);
    reader.take('x'.repeat(20_000)); // past the stream's own high-water mark: a drain is due
    const wait = backlog();
    expect(wait).toBeDefined();
    reader.destroy();
    await wait;
    expect(backlog()).toBeUndefined();
  });
});

describe('kiln build with a slow reader', () => {
  jest.setTimeout(60_000);
  const SIZE = 8_000_000;
  const template = tempTemplate({
    'a.pkr.hcl':
      'source "null" "n" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.n"]\n' +
      '  provisioner "shell-local" {\n' +
      `    inline = ["yes 'the quick brown fox jumps over the lazy dog, again and again and again' | head -c ${SIZE}"]\n` +
      '  }\n}\n',
  });

  async function build(paced: boolean): Promise<SlowReader> {
    const reader = new SlowReader();
    const io: CommandIO = {
      stdout: (t) => reader.take(t),
      stderr: (t) => reader.take(t),
      readStdin: () => Promise.resolve(''),
      stdinIsTTY: false,
      cwd: template,
      env: {},
      ...(paced ? { outputBacklog: writableBacklog(reader) } : {}),
    };
    process.chdir(template);
    expect(await runCLI(['build', '-color=false', '.'], io)).toBe(0);
    await reader.finished();
    return reader;
  }

  it('pauses the command while the reader is behind: what is queued stays bounded', async () => {
    const reader = await build(true);
    expect(reader.received).toBeGreaterThan(SIZE);
    // The limit, plus what arrived in the chunk that crossed it (a pipe read, rendered).
    expect(reader.maxQueued).toBeLessThan(OUTPUT_BACKLOG_LIMIT + MB);
  });

  it('(without backpressure the same build queues most of its output)', async () => {
    const reader = await build(false);
    expect(reader.maxQueued).toBeGreaterThan(3 * OUTPUT_BACKLOG_LIMIT);
  });
});

describe('command output without newlines', () => {
  it('is held back only up to a limit, then shown as a line', () => {
    const written: string[] = [];
    const r = new BuildRenderer({
      color: false,
      timestamps: false,
      machineReadable: false,
      write: (t) => written.push(t),
      writeError: (t) => written.push(t),
    });
    const piece = 'y'.repeat(256 * 1024);
    for (let i = 0; i < 3; i++)
      r.event({ type: 'output', build: 'b', stream: 'stdout', text: piece, time: 0 });
    expect(written).toEqual([]);
    r.event({ type: 'output', build: 'b', stream: 'stdout', text: piece + 'tail', time: 0 });
    expect(written).toEqual([`    b: ${piece.repeat(4)}tail\n`]);
    expect(HELD_LINE_LIMIT).toBeLessThanOrEqual(4 * piece.length);
  });
});

describe('communicators hold back output while a callback waits', () => {
  it('the docker CLI runner reads no more of a command until the promise settles', async () => {
    let chunks = 0;
    let bytes = 0;
    let waiting = false;
    let arrivedWhileWaiting = 0;
    // `docker` is any program to this runner: sh stands in for a chatty `docker exec`.
    const r = await docker(['-c', 'head -c 3000000 /dev/zero'], {
      executable: 'sh',
      signal: new AbortController().signal,
      stdout: (c) => {
        if (waiting) arrivedWhileWaiting++;
        bytes += c.length;
        if (++chunks !== 1) return undefined;
        waiting = true;
        return new Promise<void>((resolve) =>
          setTimeout(() => {
            waiting = false;
            resolve();
          }, 300),
        );
      },
    });
    expect(r.code).toBe(0);
    expect(bytes).toBe(3_000_000);
    expect(arrivedWhileWaiting).toBe(0);
  });
});
