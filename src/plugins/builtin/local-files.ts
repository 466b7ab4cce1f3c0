import * as fs from 'node:fs';

/**
 * Many Prepare functions check local paths with Go's os.Stat and print its error as is
 * ("Bad script 'x.sh': stat x.sh: no such file or directory"). These helpers give the builtin
 * components' checks the same result and the same text. Relative paths resolve against the
 * current directory, as Packer's do.
 */

/** strerror(3) wording as Go's syscall.Errno prints it, for the errors stat can give. */
const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
  EINVAL: 'invalid argument',
  // Node refuses a path with a NUL byte before asking the system; Go's syscall layer says EINVAL.
  ERR_INVALID_ARG_VALUE: 'invalid argument',
};

/** Node's "ENOENT: no such file or directory, stat 'x'" reduced to the description Go would print. */
function describe(e: NodeJS.ErrnoException): string {
  const known = e.code === undefined ? undefined : ERRNO_TEXT[e.code];
  if (known !== undefined) return known;
  const match = /^[A-Z0-9_]+: (.*?), \w+ /.exec(e.message);
  return match ? match[1] : e.message;
}

/** os.Stat: the file's stats, or the error as Go's *fs.PathError prints it (`stat <path>: <reason>`). */
export function goStat(path: string): fs.Stats | string {
  try {
    return fs.statSync(path);
  } catch (e) {
    return `stat ${path}: ${describe(e as NodeJS.ErrnoException)}`;
  }
}
