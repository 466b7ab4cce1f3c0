import * as fs from 'node:fs';
import * as path from 'node:path';

import { FlagError, type FlagSpec, type ParsedFlags, flagUsage, parseFlags } from '../flags';
import type { CommandIO } from '../io';
import { mergeResults, type NamedResult } from '../merge-results';
import { readResultFile, RESULT_FORMAT } from '../result-file';

/**
 * `kiln merge`: puts back together the result files of builds run in separate jobs (`kiln build
 * -only=… -result-file=…` in each job of a matrix): one Packer manifest of every build, and the
 * closing lines of one whole run. Exit code 1 when a build failed or was cancelled, or a job built
 * nothing, as `kiln build` of the whole template would have ended.
 */

const FLAGS: readonly FlagSpec[] = [
  {
    kind: 'string',
    name: 'manifest',
    usage:
      "Write one Packer-format manifest of every build here (entries carry their job's packer_run_uuid).",
  },
];

export const MERGE_USAGE = `Usage: kiln merge [options] RESULT_FILE_OR_DIRECTORY...

  Merges the result files written by kiln build -result-file (one per job
  of a matrix) into one manifest and one report of every build. A directory
  stands for every result file under it.

Options:

${flagUsage(FLAGS)}
`;

export async function runMerge(args: readonly string[], io: CommandIO): Promise<number> {
  if (args.some((a) => a === '-h' || a === '-help' || a === '--help')) {
    io.stdout(MERGE_USAGE);
    return 0;
  }
  let parsed: ParsedFlags;
  try {
    parsed = parseFlags(args, FLAGS);
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    io.stderr(`${e.message}\n`);
    io.stdout(MERGE_USAGE);
    return 1;
  }
  if (parsed.args.length === 0) {
    io.stdout(MERGE_USAGE);
    return 1;
  }
  const inputs: NamedResult[] = [];
  try {
    for (const arg of parsed.args) {
      const files = resultFilesAt(path.resolve(io.cwd, arg));
      if (files.length === 0) throw new Error(`${arg}: no result file there.`);
      for (const file of files)
        inputs.push({ file: path.relative(io.cwd, file) || file, result: readResultFile(file) });
    }
  } catch (e) {
    io.stderr(`kiln merge: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const merged = mergeResults(inputs);
  const { run } = merged;
  let manifestPath: string | undefined;
  const manifestFlag = parsed.strings.get('manifest');
  if (manifestFlag) {
    manifestPath = path.resolve(io.cwd, manifestFlag);
    try {
      fs.mkdirSync(path.dirname(manifestPath), { recursive: true });
      fs.writeFileSync(manifestPath, JSON.stringify(merged.manifest, null, 2));
    } catch (e) {
      io.stderr(`kiln merge: cannot write ${manifestPath}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  }
  io.observer?.merged?.(merged, manifestPath);

  const count = (status: (r: (typeof run.results)[number]) => boolean) => run.results.filter(status).length;
  const failed = run.results.filter((r) => r.error !== undefined && !r.cancelled);
  const cancelled = run.results.filter((r) => r.cancelled);
  io.stdout(
    `Merged ${inputs.length} result file${inputs.length === 1 ? '' : 's'}: ${run.results.length} builds, ` +
      `${count((r) => r.error === undefined)} succeeded, ${failed.length} failed, ${cancelled.length} cancelled.\n`,
  );
  for (const p of merged.problems) io.stderr(`kiln merge: ${p}\n`);
  if (failed.length + cancelled.length > 0) {
    io.stderr("\n==> Some builds didn't complete successfully and had errors:\n");
    for (const r of [...failed, ...cancelled]) io.stderr(`--> ${r.name}: ${r.error ?? 'cancelled'}\n`);
  }
  const artifacts = run.results.flatMap((r) => r.artifacts.map((a) => ({ build: r.name, a })));
  if (artifacts.length === 0) io.stdout('\n==> Builds finished but no artifacts were created.\n');
  else {
    io.stdout('\n==> Builds finished. The artifacts of successful builds are:\n');
    for (const { build, a } of artifacts) io.stdout(`--> ${build}: ${a.description || a.id}\n`);
  }
  if (manifestPath !== undefined)
    io.stdout(`\nManifest: ${manifestPath} (${merged.manifest.builds.length} builds)\n`);
  return failed.length + cancelled.length > 0 || merged.problems.length > 0 ? 1 : 0;
}

/** A file is itself; a directory stands for every result file under it (other JSON is skipped). */
function resultFilesAt(p: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    throw new Error(`${p}: no such file or directory.`);
  }
  if (!stat.isDirectory()) return [p];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json') && isResultFile(full)) out.push(full);
    }
  };
  walk(p);
  return out;
}

function isResultFile(file: string): boolean {
  try {
    const head = fs.readFileSync(file, 'utf8').slice(0, 200);
    return head.includes(`"format": "${RESULT_FORMAT}"`);
  } catch {
    return false;
  }
}
