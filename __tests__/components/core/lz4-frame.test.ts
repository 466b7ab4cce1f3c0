import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { Lz4FrameEncoder } from '../../../src/components/core/lz4-frame';

/** The LZ4 frames Kiln writes are read back by the reference `lz4` tool. */

const haveLz4 = spawnSync('lz4', ['--version']).status === 0;

async function roundTrip(data: Buffer, pieces = 7): Promise<{ compressed: number; back: Buffer }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-lz4-'));
  try {
    const file = path.join(dir, 'x.lz4');
    const parts: Buffer[] = [];
    const step = Math.max(1, Math.ceil(data.length / pieces));
    for (let i = 0; i < data.length; i += step) parts.push(data.subarray(i, i + step));
    await pipeline(Readable.from(parts), new Lz4FrameEncoder(), fs.createWriteStream(file));
    const r = spawnSync('lz4', ['-d', '-c', file], { maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`lz4 -d failed: ${r.stderr.toString()}`);
    return { compressed: fs.statSync(file).size, back: r.stdout };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

(haveLz4 || process.env.CI === 'true' ? describe : describe.skip)('LZ4 frames', () => {
  it('compresses repetitive data across several blocks', async () => {
    const data = Buffer.from('kiln builds images. '.repeat(600_000)); // ~12 MiB: 3 blocks
    const { compressed, back } = await roundTrip(data);
    expect(back.equals(data)).toBe(true);
    expect(compressed).toBeLessThan(data.length / 20);
  });

  it('stores incompressible blocks, and handles tiny and empty inputs', async () => {
    const random = crypto.randomBytes(5 * 1024 * 1024 + 3);
    const r = await roundTrip(random);
    expect(r.back.equals(random)).toBe(true);
    expect(r.compressed).toBeLessThan(random.length + 64);
    for (const tiny of [Buffer.from('a'), Buffer.alloc(0)])
      expect((await roundTrip(tiny, 1)).back.equals(tiny)).toBe(true);
  });
});
