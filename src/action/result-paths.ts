import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The merge command's `result-files` input: each line a file, a directory (`kiln merge` reads every
 * result file under it) or a glob pattern (`*` and `?` within a path segment, `**` across segments),
 * relative to the working directory. Patterns are expanded here because the action has no shell.
 */

const GLOB = /[*?]/;

function segmentRegExp(segment: string): RegExp {
  const body = segment
    .split('')
    .map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[\\^$.+()[\]{}|]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 's');
}

/** Every path matching `pattern`'s segments under `dir`, sorted. */
function match(dir: string, segments: readonly string[]): string[] {
  if (segments.length === 0) return [dir];
  const [first, ...rest] = segments;
  if (!GLOB.test(first)) {
    const next = path.join(dir, first);
    return fs.existsSync(next) ? match(next, rest) : [];
  }
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  if (first === '**') {
    // Zero segments, or one directory more and `**` again.
    return [
      ...match(dir, rest),
      ...entries.filter((e) => e.isDirectory()).flatMap((e) => match(path.join(dir, e.name), segments)),
    ];
  }
  const re = segmentRegExp(first);
  return entries
    .filter((e) => re.test(e.name) && (rest.length === 0 || e.isDirectory()))
    .flatMap((e) => match(path.join(dir, e.name), rest));
}

/**
 * The paths the lines stand for, relative to `cwd` when they are inside it; a plain path is kept
 * as written (kiln merge reports it if it does not exist). Each path once, in the lines' order.
 */
export function expandResultPaths(lines: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (!GLOB.test(line)) {
      out.push(line);
      continue;
    }
    const absolute = path.resolve(cwd, line);
    const { root } = path.parse(absolute);
    const found = match(
      root,
      absolute
        .slice(root.length)
        .split(path.sep)
        .filter((s) => s !== ''),
    );
    for (const f of found)
      out.push(path.relative(cwd, f).startsWith('..') ? f : path.relative(cwd, f) || '.');
  }
  return [...new Set(out)];
}
