import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { Diagnostic } from '../../hcl/diagnostics';
import { errorDiag } from '../../hcl/diagnostics';
import { formatHCLChecked } from '../../hcl/format/format';
import { formatRange } from '../../hcl/pos';
import { renderDiagnostics } from '../../hcl/render';
import { FlagError, parseFlags, type FlagSpec } from '../flags';
import type { CommandIO } from '../io';
import { writingFileAsync } from '../../engine/file-errors';
import { unifiedDiff } from './fmt-diff';
import { decodeSource } from './fmt-source';

/**
 * `kiln fmt`: Packer's `fmt` command. Exit codes as Packer: 0 done (or nothing to do), 1 for errors
 * (usage, unreadable files, syntax errors), 3 when `-check` finds files that would change.
 */

const FLAGS: readonly FlagSpec[] = [
  { kind: 'bool', name: 'check', usage: 'Check if the input is formatted.' },
  { kind: 'bool', name: 'diff', usage: 'Display diffs of formatting change' },
  { kind: 'bool', name: 'write', usage: "Don't write to source files" },
  { kind: 'bool', name: 'recursive', usage: 'Also process files in subdirectories.' },
];

const HELP = `Usage: kiln fmt [options] [TEMPLATE...]

  Rewrites Packer HCL2 files into the canonical layout that \`packer fmt\` produces.
  Templates (*.pkr.hcl) and variable files (*.pkrvars.hcl) are formatted; JSON
  templates are left alone. TEMPLATE is a file or a directory ("." for the current
  one), or "-" to format standard input to standard output.

Options:
  -check        Change nothing; exit with status 3 when a file is not formatted.
  -diff         Show what would change, as a unified diff.
  -write=false  Print the result instead of rewriting files (implied by -check).
  -recursive    Descend into subdirectories as well.
`;

interface FmtOptions {
  readonly check: boolean;
  readonly diff: boolean;
  readonly write: boolean;
  readonly recursive: boolean;
}

/** Mutable tallies for one run. */
interface FmtRun {
  readonly io: CommandIO;
  readonly opts: FmtOptions;
  readonly diags: Diagnostic[];
  /** Bytes of reformatted output; Packer's `-check` exits 3 when this is non-zero. */
  bytesModified: number;
}

export async function runFmt(args: readonly string[], io: CommandIO): Promise<number> {
  if (args.length > 0 && ['-h', '-help', '--help', '--h'].includes(args[0])) {
    io.stdout(HELP);
    return 0;
  }
  let parsed;
  try {
    parsed = parseFlags(args, FLAGS);
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    // Packer prints the usage on standard output; the reason goes to standard error.
    io.stderr(`${e.message}\n`);
    io.stdout(HELP);
    return 1;
  }
  const check = parsed.bools.get('check') ?? false;
  const opts: FmtOptions = {
    check,
    diff: parsed.bools.get('diff') ?? false,
    write: !check && (parsed.bools.get('write') ?? true),
    recursive: parsed.bools.get('recursive') ?? false,
  };
  const run: FmtRun = { io, opts, diags: [], bytesModified: 0 };
  // Like Packer, fmt needs to be told what to format ("." for the current directory).
  if (parsed.args.length === 0) {
    io.stdout(HELP);
    return 1;
  }
  for (const p of parsed.args) await formatPath(run, p);

  if (run.diags.length > 0) {
    io.stderr(`${renderDiagnostics(run.diags, new Map(), { width: 80 })}\n`);
    io.observer?.diagnostics?.(run.diags, new Map());
    return 1;
  }
  return opts.check && run.bytesModified > 0 ? 3 : 0;
}

function isHCLFile(name: string): boolean {
  return name.endsWith('.pkr.hcl') || name.endsWith('.pkrvars.hcl');
}

/** Editor droppings and hidden files that a directory walk skips, as Packer does. */
function shouldIgnore(name: string): boolean {
  return name.startsWith('.') || name.endsWith('~') || (name.startsWith('#') && name.endsWith('#'));
}

async function formatPath(run: FmtRun, shown: string): Promise<void> {
  const abs = path.resolve(run.io.cwd, shown);
  let isDir = false;
  if (shown !== '-') {
    try {
      isDir = (await fs.promises.stat(abs)).isDirectory();
    } catch {
      // Not there: reported when the file is opened, with the file's own error.
    }
  }
  if (!isDir) {
    await formatFile(run, shown);
    return;
  }
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(abs, { withFileTypes: true });
  } catch (e) {
    run.diags.push(errorDiag('Cannot read hcl directory', osErrorText(e, 'open', shown)));
    return;
  }
  entries.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  for (const entry of entries) {
    if (shouldIgnore(entry.name)) continue;
    const child = path.join(shown, entry.name);
    if (entry.isDirectory()) {
      if (run.opts.recursive) await formatPath(run, child);
      continue;
    }
    if (isHCLFile(entry.name)) await formatFile(run, child);
  }
}

async function formatFile(run: FmtRun, shown: string): Promise<void> {
  const { io, opts } = run;
  const fail = (detail: string): void => {
    run.diags.push(errorDiag(`encountered an error while formatting ${shown}`, detail));
  };
  const stdin = shown === '-';
  if (!stdin && !isHCLFile(shown)) return fail(`file ${shown} is not a HCL file`);

  let src: string;
  if (stdin) {
    src = await io.readStdin();
  } else {
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(path.resolve(io.cwd, shown));
    } catch (e) {
      return fail(`failed to open ${shown}: ${osErrorText(e, 'open', shown)}`);
    }
    const decoded = decodeSource(bytes, shown);
    if (decoded.src === undefined) return fail(multiErrorText(decoded.diagnostics));
    src = decoded.src;
  }

  const result = formatHCLChecked(src, shown);
  if (result.output === undefined)
    return fail(multiErrorText(result.diagnostics.filter((d) => d.severity === 'error')));
  const out = result.output;
  if (out === src) {
    if (stdin) io.stdout(out);
    return;
  }
  run.bytesModified += Buffer.byteLength(out, 'utf8');
  if (!stdin) io.stdout(`${shown}\n`);
  if (opts.write) {
    if (stdin) {
      io.stdout(out);
    } else {
      try {
        const file = path.resolve(io.cwd, shown);
        await writingFileAsync(file, () => fs.promises.writeFile(file, out, 'utf8'));
      } catch (e) {
        return fail(osErrorText(e, 'open', shown));
      }
    }
  }
  // Packer never shows a diff for standard input.
  const diff = !stdin && (opts.diff || io.observer?.unformatted) ? fileDiff(src, out, shown) : undefined;
  if (opts.diff && diff !== undefined) io.stdout(diff);
  if (!stdin) io.observer?.unformatted?.(shown, diff);
}

/**
 * Packer prints whatever `diff -u` prints, so where a `diff` program exists we run it the same way
 * for identical hunks; elsewhere (e.g. Windows) the built-in unified diff stands in.
 */
function fileDiff(before: string, after: string, shown: string): string {
  let dir: string | undefined;
  try {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-fmt-'));
    const a = path.join(dir, 'old');
    const b = path.join(dir, 'new');
    fs.writeFileSync(a, before);
    fs.writeFileSync(b, after);
    const r = spawnSync('diff', [`--label=old/${shown}`, `--label=new/${shown}`, '-u', a, b], {
      encoding: 'utf8',
    });
    if (!r.error && r.status === 1 && r.stdout) return r.stdout;
  } catch {
    // Fall through to the built-in diff.
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
  return unifiedDiff(before, after, shown);
}

/** The text of Go's multierror list, which is how Packer reports a file's syntax errors. */
function multiErrorText(diags: readonly Diagnostic[]): string {
  const items = diags.map((d) => {
    const head = d.subject ? `${formatRange(d.subject)}: ${d.summary}` : d.summary;
    return `${head}; ${d.detail}`;
  });
  const title = items.length === 1 ? '1 error occurred:' : `${items.length} errors occurred:`;
  return `${title}\n\t* ${items.join('\n\t* ')}\n\n`;
}

const OS_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EPERM: 'operation not permitted',
};

/** Go's *PathError wording (`open x: no such file or directory`) for a Node file-system error. */
function osErrorText(e: unknown, op: string, shown: string): string {
  // Errors from fs may come from another realm (e.g. under jest), so test their shape, not their class.
  const err = typeof e === 'object' && e !== null ? (e as NodeJS.ErrnoException) : undefined;
  const reason = OS_ERRORS[String(err?.code)] ?? err?.message ?? String(e);
  return `${op} ${shown}: ${reason}`;
}
