import * as fs from 'node:fs';

/**
 * Errors writing local files, worded `<path>: <reason>`. Node's own message names the system call
 * and, for a failed write (a full disk), not the file ("ENOSPC: no space left on device, write"),
 * which leaves the user guessing which of a build's files could not be written: the manifest, a
 * checksum file, an archive, a download, the ledger, a temporary script. Every component that
 * writes a local file does it through these.
 */

/** strerror(3) wording as Go's syscall.Errno prints it. */
const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EEXIST: 'file exists',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EMFILE: 'too many open files',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
  EINVAL: 'invalid argument',
  // Node refuses a path with a NUL byte before asking the system; Go's syscall layer says EINVAL.
  ERR_INVALID_ARG_VALUE: 'invalid argument',
};

/** Node's "ENOSPC: no space left on device, write" reduced to the reason alone. */
export function errnoText(e: unknown): string {
  // Not `instanceof Error`: errors from another realm (a vm context, Jest's sandbox) fail that test.
  if (typeof e !== 'object' || e === null || typeof (e as Error).message !== 'string') return String(e);
  const code = (e as NodeJS.ErrnoException).code;
  const known = code === undefined ? undefined : ERRNO_TEXT[code];
  if (known !== undefined) return known;
  const message = (e as Error).message;
  const match = /^[A-Z0-9_]+: (.*?), \w+(?: '.*)?$/s.exec(message);
  return match ? match[1] : message;
}

/** Marks errors already worded with their file, so that wrapping twice does not name it twice. */
const NAMED = Symbol('kiln.file-error');

/** The error as `<file>: <reason>` (an error already naming its file is returned as is). */
export function fileError(file: string, e: unknown): Error {
  if (typeof e === 'object' && e !== null && (e as { [NAMED]?: true })[NAMED]) return e as Error;
  const err = new Error(`${file}: ${errnoText(e)}`, { cause: e });
  (err as Error & { [NAMED]?: true })[NAMED] = true;
  return err;
}

/** Runs `write` (which writes `file`), rewording what it throws. */
export function writingFile<T>(file: string, write: () => T): T {
  try {
    return write();
  } catch (e) {
    throw fileError(file, e);
  }
}

/** The async form of writingFile. */
export async function writingFileAsync<T>(file: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    throw fileError(file, e);
  }
}

/** fs.mkdirSync(dir, { recursive: true }), its errors naming the directory. */
export function makeDirectory(dir: string): void {
  writingFile(dir, () => fs.mkdirSync(dir, { recursive: true }));
}

/**
 * fs.createWriteStream whose errors name the file: whoever hears the error (a pipeline, a
 * caller's listener) gets `<file>: <reason>`. The error is reworded in place because a stream's
 * listeners all receive the one error object; this listener is the first.
 */
export function createFileWriteStream(
  file: string,
  options?: Parameters<typeof fs.createWriteStream>[1],
): fs.WriteStream {
  const stream = fs.createWriteStream(file, options);
  stream.on('error', (e: Error & { [NAMED]?: true }) => {
    if (e[NAMED]) return;
    e.message = `${file}: ${errnoText(e)}`;
    e[NAMED] = true;
  });
  return stream;
}
