import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * File globbing with bmatcuk/doublestar (v1) semantics, as Packer's fileset uses: "**" matches any
 * number of directories, "*" and "?" stay within one path segment, [...] classes (^ negates),
 * {a,b} alternatives and backslash escapes.
 */

function hasMeta(seg: string): boolean {
  return /[*?[{\\]/.test(seg);
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Translates one path segment pattern into an anchored regular expression. */
export function segmentRegExp(seg: string): RegExp {
  let re = '';
  let depth = 0;
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '\\' && i + 1 < seg.length) re += escapeRegExp(seg[++i]);
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 2);
      if (end < 0) throw new Error('syntax error in pattern');
      const cls = seg.slice(i + 1, end);
      // doublestar v1 negates a class with ^ only; a leading ! is an ordinary member.
      const negated = cls[0] === '^';
      const body = (negated ? cls.slice(1) : cls).replace(/[\\\]^]/g, '\\$&');
      re += `[${negated ? '^' : ''}${body}]`;
      i = end;
    } else if (c === '{') {
      depth++;
      re += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      re += ')';
    } else if (c === ',' && depth > 0) re += '|';
    else re += escapeRegExp(c);
  }
  if (depth > 0) throw new Error('syntax error in pattern');
  return new RegExp(`^${re}$`);
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function matchFrom(dir: string, segs: readonly string[], out: string[]): void {
  if (segs.length === 0) {
    out.push(dir);
    return;
  }
  const [seg, ...rest] = segs;
  if (seg === '**') {
    matchFrom(dir, rest, out);
    for (const name of entries(dir)) {
      const child = path.join(dir, name);
      // As the last segment "**" matches every file and directory below, not only directories.
      if (isDir(child)) matchFrom(child, segs, out);
      else if (rest.length === 0) out.push(child);
    }
    return;
  }
  if (!hasMeta(seg)) {
    const child = path.join(dir, seg);
    if (exists(child)) matchFrom(child, rest, out);
    return;
  }
  const re = segmentRegExp(seg);
  for (const name of entries(dir)) {
    if (re.test(name)) matchFrom(path.join(dir, name), rest, out);
  }
}

/** All existing paths matching an absolute, cleaned pattern. */
export function glob(pattern: string): string[] {
  const segs = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  const root = pattern.startsWith('/') ? '/' : '.';
  const out: string[] = [];
  matchFrom(root, segs[0] === '' ? segs.slice(1) : segs, out);
  return [...new Set(out)];
}
