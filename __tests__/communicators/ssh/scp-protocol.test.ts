import { PassThrough } from 'stream';

import {
  END_DIR,
  ScpReader,
  ScpRemoteError,
  dirRecord,
  fileRecord,
  parseRecord,
} from '../../../src/communicators/ssh/scp-protocol';

function reader(): { input: PassThrough; r: ScpReader } {
  const input = new PassThrough();
  return { input, r: new ScpReader(input, () => new Error('ended early')) };
}

describe('scp records', () => {
  it('builds C, D and E records with four octal digits', () => {
    expect(fileRecord(0o755, 12, 'run.sh').toString()).toBe('C0755 12 run.sh\n');
    expect(fileRecord(0o100644, 0, 'a b').toString()).toBe('C0644 0 a b\n');
    expect(dirRecord(0o700, 'sub').toString()).toBe('D0700 0 sub\n');
    expect(END_DIR.toString()).toBe('E\n');
  });

  it('refuses names scp cannot carry', () => {
    expect(() => fileRecord(0o644, 1, 'a/b')).toThrow(/cannot send/);
    expect(() => dirRecord(0o755, 'x\ny')).toThrow(/cannot send/);
  });

  it('parses records, names with spaces included, and refuses paths and garbage', () => {
    expect(parseRecord('C0640 1048576 my file.txt')).toEqual({
      kind: 'C',
      mode: 0o640,
      size: 1048576,
      name: 'my file.txt',
    });
    expect(parseRecord('D0755 0 sub')).toEqual({ kind: 'D', mode: 0o755, size: 0, name: 'sub' });
    expect(parseRecord('E')).toEqual({ kind: 'E' });
    expect(parseRecord('T1700000000 0 1700000000 0')).toEqual({ kind: 'T' });
    expect(() => parseRecord('C0644 1 ../etc/passwd')).toThrow(/cannot parse/);
    expect(() => parseRecord('D0755 0 ..')).toThrow(/cannot parse/);
    expect(() => parseRecord('C0644 x name')).toThrow(/cannot parse/);
    expect(() => parseRecord('Zzz')).toThrow(/unexpected answer/);
  });
});

describe('ScpReader', () => {
  it('hands the sink what arrived while it was busy in one call, byte-exact, never past the size', async () => {
    const { input, r } = reader();
    // 64 chunks of 4 KiB buffered before copying starts, then a byte that belongs to the next record.
    const data = Buffer.from(Array.from({ length: 64 * 4096 }, (_, i) => (i * 7) % 251));
    for (let i = 0; i < 64; i++) input.write(data.subarray(i * 4096, (i + 1) * 4096));
    input.write(Buffer.from([0]));
    await new Promise((resolve) => setImmediate(resolve));
    const calls: number[] = [];
    const got: Buffer[] = [];
    await r.copy(data.length, (c) => {
      calls.push(c.length);
      got.push(Buffer.from(c));
    });
    expect(Buffer.concat(got).equals(data)).toBe(true);
    // One packet per call would be 64 calls.
    expect(calls.length).toBeLessThanOrEqual(2);
    await r.ack();
  });

  it('reads acks, lines split across chunks, and exact byte counts', async () => {
    const { input, r } = reader();
    input.write(Buffer.from([0]));
    input.write('C0644 5 na');
    input.write('me\nhel');
    input.write(Buffer.concat([Buffer.from('lo'), Buffer.from([0]), Buffer.from('E\n')]));
    await r.ack();
    expect(await r.record()).toEqual({ kind: 'C', mode: 0o644, size: 5, name: 'name' });
    const got: Buffer[] = [];
    await r.copy(5, (c) => {
      got.push(Buffer.from(c));
    });
    expect(Buffer.concat(got).toString()).toBe('hello');
    await r.ack();
    expect(await r.record()).toEqual({ kind: 'E' });
  });

  it("throws the remote's message for status 1 and 2, as a record or as an ack", async () => {
    const { input, r } = reader();
    input.write('\x01scp: /nope: No such file or directory\n');
    input.write('\x02scp: fatal thing\n');
    await expect(r.record()).rejects.toThrow('scp: /nope: No such file or directory');
    const fatal = await r.ack().catch((e: unknown) => e);
    expect(fatal).toBeInstanceOf(ScpRemoteError);
    expect((fatal as ScpRemoteError).fatal).toBe(true);
    expect((fatal as Error).message).toBe('scp: fatal thing');
  });

  it('reports an output that ends before the protocol does, and a failure set from outside', async () => {
    const { input, r } = reader();
    input.end('C0644 10 f\nabc');
    await r.record();
    await expect(r.copy(10, () => undefined)).rejects.toThrow('ended early');
    const other = reader();
    const pending = other.r.ack();
    other.r.fail(new Error('cancelled'));
    await expect(pending).rejects.toThrow('cancelled');
  });

  it('pauses its source while a megabyte waits unread, and resumes as it is read', async () => {
    const { input, r } = reader();
    input.write(Buffer.alloc(1536 * 1024));
    await new Promise((resolve) => setImmediate(resolve));
    expect(input.isPaused()).toBe(true);
    await r.copy(1024 * 1024, () => undefined);
    expect(input.isPaused()).toBe(false);
  });
});
