import { Transform, type TransformCallback } from 'node:stream';

// lz4js (pure JavaScript, no native addon) provides LZ4 block compression and xxHash32; the frame
// around the blocks is written here so that the output streams, block by block.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lz4 = require('lz4js') as {
  compressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    hashTable: Uint32Array,
  ): number;
  compressBound(n: number): number;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const xxh32 = require('lz4js/xxh32.js') as {
  hash(seed: number, src: Uint8Array, index: number, length: number): number;
};

/**
 * An LZ4 frame writer (the format of the `lz4` command and of Packer's compress post-processor):
 * independent 4 MiB blocks, each compressed or, when that does not pay, stored; memory stays at one
 * block whatever the input size.
 */

const MAGIC = 0x184d2204;
const BLOCK_SIZE = 4 * 1024 * 1024;
/** FLG: version 01, independent blocks. BD: 4 MiB maximum block size. */
const FLG = 0x60;
const BD = 0x70;
const HASH_ENTRIES = 1 << 16;

export function lz4FrameHeader(): Buffer {
  const header = Buffer.alloc(7);
  header.writeUInt32LE(MAGIC, 0);
  header[4] = FLG;
  header[5] = BD;
  header[6] = (xxh32.hash(0, header, 4, 2) >>> 8) & 0xff;
  return header;
}

export class Lz4FrameEncoder extends Transform {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private readonly hashTable = new Uint32Array(HASH_ENTRIES);
  private readonly out = Buffer.alloc(lz4.compressBound(BLOCK_SIZE));
  private started = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (!this.started) {
      this.push(lz4FrameHeader());
      this.started = true;
    }
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
    while (this.pendingLength >= BLOCK_SIZE) this.writeBlock(this.takeBytes(BLOCK_SIZE));
    done();
  }

  override _flush(done: TransformCallback): void {
    if (!this.started) this.push(lz4FrameHeader());
    if (this.pendingLength > 0) this.writeBlock(this.takeBytes(this.pendingLength));
    this.push(Buffer.alloc(4)); // end mark
    done();
  }

  private takeBytes(n: number): Buffer {
    const all = Buffer.concat(this.pending, this.pendingLength);
    this.pending = all.length > n ? [all.subarray(n)] : [];
    this.pendingLength = all.length - n;
    return all.subarray(0, n);
  }

  private writeBlock(block: Buffer): void {
    this.hashTable.fill(0);
    const size = lz4.compressBlock(block, this.out, 0, block.length, this.hashTable);
    const head = Buffer.alloc(4);
    if (size === 0 || size >= block.length) {
      head.writeUInt32LE((0x80000000 | block.length) >>> 0, 0); // stored
      this.push(head);
      this.push(Buffer.from(block));
    } else {
      head.writeUInt32LE(size, 0);
      this.push(head);
      this.push(Buffer.from(this.out.subarray(0, size)));
    }
  }
}
