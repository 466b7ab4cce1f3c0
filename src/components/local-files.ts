import * as fs from 'node:fs';

import { errnoText } from '../engine/file-errors';

/**
 * Many Prepare functions check local paths with Go's os.Stat and print its error as is
 * ("Bad script 'x.sh': stat x.sh: no such file or directory"). These helpers give the builtin
 * components' checks the same result and the same text. Relative paths resolve against the
 * current directory, as Packer's do.
 */

/** os.Stat: the file's stats, or the error as Go's *fs.PathError prints it (`stat <path>: <reason>`). */
export function goStat(path: string): fs.Stats | string {
  try {
    return fs.statSync(path);
  } catch (e) {
    return `stat ${path}: ${errnoText(e)}`;
  }
}
