import * as path from 'node:path';

/** Go's path/filepath helpers on POSIX paths, where they differ from Node's. */

/** filepath.Clean: like path.normalize but "" → "." and no trailing slash. */
export function clean(p: string): string {
  if (p === '') return '.';
  const n = path.posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** filepath.Base. */
export function base(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** filepath.Dir. */
export function dir(p: string): string {
  const i = p.lastIndexOf('/');
  return clean(p.slice(0, i + 1));
}

/** go-homedir's Expand: only "~" and "~/..." are expanded. */
export function expandHome(p: string, home: string): string {
  if (p === '' || p[0] !== '~') return p;
  if (p.length > 1 && p[1] !== '/' && p[1] !== '\\') throw new Error('cannot expand user-specific home dir');
  return path.posix.join(home, p.slice(1));
}

/** Go's FileMode.String for the mode bits of a stat result. */
export function modeString(
  mode: number,
  kind: { dir: boolean; symlink: boolean; fifo: boolean; socket: boolean; char: boolean; block: boolean },
): string {
  let s = '';
  if (kind.dir) s += 'd';
  if (kind.symlink) s += 'L';
  if (kind.block || kind.char) s += 'D';
  if (kind.fifo) s += 'p';
  if (kind.socket) s += 'S';
  if (mode & 0o4000) s += 'u';
  if (mode & 0o2000) s += 'g';
  if (kind.char) s += 'c';
  if (mode & 0o1000) s += 't';
  if (s === '') s = '-';
  const rwx = 'rwxrwxrwx';
  for (let i = 0; i < 9; i++) s += mode & (1 << (8 - i)) ? rwx[i] : '-';
  return s;
}
