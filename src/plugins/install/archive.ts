import * as yauzl from 'yauzl';

/**
 * Reads one plugin binary out of a release archive (a zip) held in memory, with yauzl. The whole
 * archive is refused when any entry would land outside the directory it is unpacked into (an
 * absolute path or a `..` part, packer GH-13680), is encrypted, or lies about its size, even though
 * only the binary is taken: such an archive was not made by a release pipeline.
 */

export class UnsafeArchiveError extends Error {
  constructor(archive: string, why: string) {
    super(`refusing the archive ${archive}: ${why}`);
    this.name = 'UnsafeArchiveError';
  }
}

export async function extractBinary(zip: Buffer, archiveName: string, binaryName: string): Promise<Buffer> {
  const file = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(
      zip,
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: true },
      (err, z) =>
        err || !z
          ? reject(new UnsafeArchiveError(archiveName, `not a zip archive: ${err?.message ?? '?'}`))
          : resolve(z),
    ),
  );
  return new Promise<Buffer>((resolve, reject) => {
    let found: Buffer | undefined;
    const fail = (why: string): void => {
      file.close();
      reject(new UnsafeArchiveError(archiveName, why));
    };
    // yauzl checks every name (absolute paths and `..` parts, backslashes read as slashes) before
    // it hands the entry over; its error names the entry.
    file.on('error', (err: Error) =>
      fail(
        /relative path|absolute path/.test(err.message)
          ? `an entry escapes the target directory (${err.message})`
          : err.message,
      ),
    );
    file.on('entry', (entry: yauzl.Entry) => {
      if (entry.isEncrypted()) return fail(`${entry.fileName} is encrypted`);
      if (entry.fileName !== binaryName) {
        file.readEntry();
        return;
      }
      file.openReadStream(entry, (err, stream) => {
        if (err || !stream) return fail(`${entry.fileName}: ${err?.message ?? 'cannot be read'}`);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', (e: Error) => fail(`${entry.fileName}: ${e.message}`));
        stream.on('end', () => {
          found = Buffer.concat(chunks);
          file.readEntry();
        });
      });
    });
    file.on('end', () => {
      if (found === undefined)
        reject(new Error(`could not find a "${binaryName}" file in zipfile ${archiveName}`));
      else resolve(found);
    });
    file.readEntry();
  });
}
