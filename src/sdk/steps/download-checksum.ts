import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

import { CancelledError } from '../../engine/abort';
import { errnoText } from '../../engine/file-errors';
import {
  ChecksumSyntaxError,
  type FileChecksum,
  findChecksumInFile,
  parseChecksumOption,
} from '../../schema/common-fields/checksum';
import { type DownloadSource, httpGetText, parseSource } from './download-source';

/**
 * Turning an `iso_checksum` value into the checksum to verify with (fetching a checksum file when
 * it names one), and verifying files, with go-getter's messages: what Packer's ISOConfig.Prepare
 * and its download step do between them.
 */

/**
 * The checksum for `first` (the first URL, as Packer resolves it once for all of them); undefined for
 * `none` or an empty value. Throws go-getter's message followed by ` in "<value>"`, as Packer's
 * Prepare words it.
 */
export async function resolveChecksum(
  text: string,
  first: string,
  cwd: string,
  signal: AbortSignal,
): Promise<FileChecksum | undefined> {
  if (text === '') return undefined;
  try {
    const option = parseChecksumOption(text);
    if (option.kind === 'none') return undefined;
    if (option.kind === 'value') return option.checksum;
    const file = parseSource(option.location, cwd);
    let content: string;
    try {
      content = await readChecksumFile(file, signal);
    } catch (e) {
      if (e instanceof CancelledError) throw e;
      throw new Error(`Error downloading checksum file: ${(e as Error).message}`);
    }
    const found = findChecksumInFile(content, {
      checksummedPath: sourcePath(parseSource(first, cwd)),
      checksumFilePath: sourcePath(file),
    });
    if (found === undefined) throw new Error(`no checksum found in: ${option.location}`);
    return found;
  } catch (e) {
    if (e instanceof CancelledError) throw e;
    const message = e instanceof ChecksumSyntaxError || e instanceof Error ? e.message : String(e);
    throw new Error(`${message} in ${JSON.stringify(text)}`);
  }
}

function sourcePath(source: DownloadSource): string {
  if (source.kind === 'local') return source.path;
  try {
    return decodeURIComponent(source.url.pathname);
  } catch {
    return source.url.pathname;
  }
}

async function readChecksumFile(source: DownloadSource, signal: AbortSignal): Promise<string> {
  if (source.kind === 'http') return httpGetText(source.url, signal);
  try {
    return await fs.promises.readFile(source.path, { encoding: 'utf8', signal });
  } catch (e) {
    if (signal.aborted) throw new CancelledError();
    throw new Error(`${source.path}: ${errnoText(e)}`);
  }
}

/** A running digest of the checksum's type. */
export function checksumHash(c: FileChecksum): ReturnType<typeof createHash> {
  return createHash(c.type);
}

/** The lower-case hex digest of a file, in the checksum's type; cancellable (images are large). */
export async function fileDigest(file: string, c: FileChecksum, signal: AbortSignal): Promise<string> {
  const hash = checksumHash(c);
  try {
    for await (const chunk of fs.createReadStream(file, { signal })) hash.update(chunk as Buffer);
  } catch (e) {
    if (signal.aborted) throw new CancelledError();
    throw new Error(`Failed to hash: ${errnoText(e)}`);
  }
  return hash.digest('hex');
}

/** go-getter's ChecksumError, ending with the Go type of the hash as it prints it. */
export function checksumMismatch(file: string, expected: FileChecksum, actual: string): Error {
  return new Error(
    `Checksums did not match for ${file}.\nExpected: ${expected.value}\nGot: ${actual}\n*${expected.type}.digest`,
  );
}
