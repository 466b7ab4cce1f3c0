import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Whether a ledger may be acted on. A sweep deletes what a ledger lists, and build directories sit
 * in a shared temp directory: anyone can plant a `kiln-build-…` directory with a ledger there. Only a ledger
 * the current user wrote in a private directory of its own can have come from one of its builds:
 * the directory is a real directory (not a link) named as the engine names build directories,
 * owned by the current user and closed to everyone else (0700, as mkdtemp makes it); the ledger
 * is a regular file (not a link) owned by the current user that nobody else may write.
 */

/** Build temp directories are named so by the engine (src/engine/build.ts). */
export const BUILD_DIR_PREFIX = 'kiln-build-';

/** The mode the engine gives build directories: private to the user running Kiln. */
export const BUILD_DIR_MODE = 0o700;

/** Why a ledger cannot be trusted; undefined when it can (or when it does not exist). */
export type Distrust = string | undefined;

/** The uid of this process; undefined where the platform has none (Windows: no owner checks). */
function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

function ownerProblem(what: string, stat: fs.Stats): Distrust {
  const uid = currentUid();
  if (uid !== undefined && stat.uid !== uid)
    return `${what} belongs to user ${stat.uid}, not to the user running Kiln (${uid})`;
  return undefined;
}

/** The build directory a ledger sits in: a private directory of the current user, named as Kiln names them. */
export function buildDirDistrust(dir: string): Distrust {
  if (!path.basename(dir).startsWith(BUILD_DIR_PREFIX))
    return `${dir} is not a Kiln build directory (its name does not start with ${BUILD_DIR_PREFIX})`;
  const stat = fs.lstatSync(dir);
  if (stat.isSymbolicLink()) return `${dir} is a symbolic link, not a build directory`;
  if (!stat.isDirectory()) return `${dir} is not a directory`;
  const owner = ownerProblem(`the directory ${dir}`, stat);
  if (owner !== undefined) return owner;
  if (currentUid() !== undefined && (stat.mode & 0o077) !== 0)
    return `the directory ${dir} is open to other users (mode ${modeText(stat.mode)}; Kiln makes them 0700)`;
  return undefined;
}

/** The ledger file itself, from its open descriptor (what is checked is what is read). */
export function ledgerFileDistrust(file: string, stat: fs.Stats): Distrust {
  if (!stat.isFile()) return `${file} is not a regular file`;
  const owner = ownerProblem(`the ledger ${file}`, stat);
  if (owner !== undefined) return owner;
  if (currentUid() !== undefined && (stat.mode & 0o022) !== 0)
    return `the ledger ${file} can be written by other users (mode ${modeText(stat.mode)})`;
  return undefined;
}

/**
 * Reads a ledger's text if it can be trusted: `{ text }` (undefined text: there is no ledger file),
 * or `{ distrust }` saying why it is left alone. The file is opened without following a link and
 * checked through the descriptor, so it cannot be swapped between the check and the read.
 */
export function readTrustedLedgerText(file: string): { text?: string; distrust?: string } {
  const dir = path.dirname(file);
  if (!fs.existsSync(dir)) return {};
  const dirProblem = buildDirDistrust(dir);
  if (dirProblem !== undefined) return { distrust: dirProblem };
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    if (code === 'ELOOP') return { distrust: `${file} is a symbolic link, not a ledger` };
    throw e;
  }
  try {
    const problem = ledgerFileDistrust(file, fs.fstatSync(fd));
    if (problem !== undefined) return { distrust: problem };
    return { text: fs.readFileSync(fd, 'utf8') };
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether `target` lies strictly inside `dir` (both absolute, compared as written). */
export function insideDir(dir: string, target: string): boolean {
  const rel = path.relative(dir, target);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

function modeText(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}
