import type { ArtifactInfo, BuildResult, RunResult } from '../engine/types';
import type { ManifestEntry, ResultBuild, ResultFile } from './result-file';
import type { BuildTimeline } from './timeline';

/**
 * `kiln merge`'s model: the result files of runs made in separate jobs, put back together as one
 * run — every build's result, one timeline on one clock, and one Packer manifest. Pure.
 */

/** A Packer manifest file's content. */
export interface Manifest {
  readonly builds: readonly ManifestEntry[];
  readonly last_run_uuid: string;
}

export interface MergedRun {
  /** Every build of every file, as one run (its runId lists the jobs' run IDs). */
  readonly run: RunResult;
  /** Each build's steps, in milliseconds since the earliest job started. */
  readonly timelines: readonly BuildTimeline[];
  readonly manifest: Manifest;
  /** The jobs' run IDs, in the order of the files. */
  readonly runIds: readonly string[];
  /** What the merged run cannot show as a build: jobs that built nothing, builds run twice. */
  readonly problems: readonly string[];
}

export interface NamedResult {
  readonly file: string;
  readonly result: ResultFile;
}

function buildResult(b: ResultBuild): BuildResult {
  const artifacts: ArtifactInfo[] = b.artifacts.map((a) => ({
    builderId: a.builder_id,
    id: a.id,
    files: [...a.files],
    description: a.description,
    state: {},
  }));
  return {
    name: b.name,
    builderType: b.type,
    sourceName: b.source,
    artifacts,
    ...(b.error !== null ? { error: b.error } : {}),
    cancelled: b.status === 'cancelled',
    durationMs: b.duration_ms,
  };
}

/**
 * A build's manifest entries: those its manifest post-processors wrote, as one whole-template run
 * would have written them; for a successful build without a manifest post-processor, one entry per
 * distinct artifact, as a manifest post-processor at the end of its chain would have written.
 */
function manifestEntries(b: ResultBuild): ManifestEntry[] {
  if (b.manifest_entries.length > 0) return [...b.manifest_entries];
  if (b.status !== 'ok') return [];
  const seen = new Set<string>();
  return b.artifacts.flatMap((a) => {
    const key = `${a.builder_id}\u0000${a.id}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [a.manifest_entry];
  });
}

const time = (iso: string | null): number => (iso === null ? Number.NaN : Date.parse(iso));

export function mergeResults(inputs: readonly NamedResult[]): MergedRun {
  const problems: string[] = [];
  const origin = Math.min(...inputs.map((i) => time(i.result.started)).filter((t) => !Number.isNaN(t)));
  const results: BuildResult[] = [];
  const timelines: BuildTimeline[] = [];
  const entries: { entry: ManifestEntry; ended: number }[] = [];
  const seen = new Map<string, string>();
  const stopped: { build: string; error: string; cancelled: string[] }[] = [];
  for (const { file, result } of inputs) {
    if (result.error !== null) problems.push(`${file}: nothing was built: ${result.error}`);
    if (result.fail_fast !== null)
      stopped.push({ ...result.fail_fast, cancelled: [...result.fail_fast.cancelled] });
  }
  // Builds in the order they started (the jobs' files come in any order: download directories are
  // listed by name); builds that never started come after the others, in the files' order.
  const ordered = inputs.flatMap(({ file, result }) => result.builds.map((b) => ({ file, result, b })));
  const startOf = (b: ResultBuild): number => {
    const t = time(b.started);
    return Number.isNaN(t) ? Infinity : t;
  };
  ordered.sort((x, y) => startOf(x.b) - startOf(y.b));
  for (const { file, result, b } of ordered) {
    const shift = time(result.started) - origin;
    const other = seen.get(b.name);
    if (other !== undefined) problems.push(`Build '${b.name}' is in both ${other} and ${file}.`);
    seen.set(b.name, file);
    results.push(buildResult(b));
    timelines.push({
      build: b.name,
      spans: b.steps.map((s) => ({ ...s, start: s.start + shift, end: s.end + shift })),
    });
    for (const entry of manifestEntries(b)) entries.push({ entry, ended: time(b.ended) });
  }
  // Entries in the order the builds finished, as one run's manifest post-processors append them.
  entries.sort((a, b) => (a.ended || 0) - (b.ended || 0));
  const latest = [...inputs].sort((a, b) => time(a.result.ended) - time(b.result.ended)).pop();
  const runIds = inputs.map((i) => i.result.run_id).filter((id) => id !== '');
  const run: RunResult = {
    runId: runIds.join(', '),
    results,
    cancelled: inputs.some((i) => i.result.cancelled),
    ledgers: [],
    ...(stopped.length > 0
      ? {
          failFast: {
            build: stopped.map((s) => s.build).join(', '),
            error: stopped.map((s) => s.error).join('\n'),
            cancelled: stopped.flatMap((s) => s.cancelled),
          },
        }
      : {}),
  };
  return {
    run,
    timelines,
    manifest: { builds: entries.map((e) => e.entry), last_run_uuid: latest?.result.run_id ?? '' },
    runIds,
    problems,
  };
}
