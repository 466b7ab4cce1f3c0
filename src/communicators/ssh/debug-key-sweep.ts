import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Sweeper } from '../../engine/sweep';

/**
 * The ledger kind of a -debug key file. It lives in the working directory, not in the build's temp
 * directory (where `temp-path` entries must be), so it has a sweeper of its own that removes
 * nothing but such a file.
 */
export const DEBUG_KEY_KIND = 'ssh-debug-key';

/**
 * Removes a -debug key file a killed build left: only a regular file of the current user's (not a
 * link, not a directory) that holds a PEM private key, as this step writes it.
 */
export const sweepDebugKeyFile: Sweeper = async (resource) => {
  const file = resource.id;
  if (!path.isAbsolute(file)) throw new Error(`refusing to delete ${file}: not an absolute path`);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return 'gone';
  }
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const head = stat.isFile() ? readHead(file) : '';
  if (
    !stat.isFile() ||
    (uid !== undefined && stat.uid !== uid) ||
    !/^-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(head)
  )
    throw new Error(`refusing to delete ${file}: it is not a debug key file Kiln wrote`);
  await fs.promises.rm(file, { force: true });
  return 'deleted';
};

function readHead(file: string): string {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  try {
    const buf = Buffer.alloc(64);
    return buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0)).toString('latin1');
  } finally {
    fs.closeSync(fd);
  }
}
