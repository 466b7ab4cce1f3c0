import * as fs from 'node:fs';
import * as path from 'node:path';

import type { BuildEvent, FailFastStop, RunResult } from '../engine/types';
import { KILN_VERSION } from '../version';
import { type Span, TimelineRecorder } from './timeline';

/**
 * A build run's result file (`kiln build -result-file`, and always in the action): what each build
 * did — status, error, times, artifacts with their manifest entries, the steps' timeline — so that
 * `kiln merge` can put runs made in separate jobs back together (one manifest, one summary).
 */

export const RESULT_FORMAT = 'kiln-result/1';

/** One entry of a Packer manifest (`builds[]`), as the manifest post-processor writes it. */
export interface ManifestEntry {
  readonly name: string;
  readonly builder_type: string;
  readonly build_time?: number;
  readonly files: readonly { readonly name: string; readonly size: number }[] | null;
  readonly artifact_id: string;
  readonly packer_run_uuid: string;
  readonly custom_data: Readonly<Record<string, string>> | null;
}

export interface ResultArtifact {
  readonly id: string;
  readonly builder_id: string;
  readonly files: readonly string[];
  readonly description: string;
  /** The entry a manifest post-processor would write for this artifact. */
  readonly manifest_entry: ManifestEntry;
}

export type ResultStatus = 'ok' | 'failed' | 'cancelled';

export interface ResultBuild {
  readonly name: string;
  readonly type: string;
  readonly source: string;
  readonly status: ResultStatus;
  readonly error: string | null;
  /** Cancelled because another build of the run failed (-fail-fast). */
  readonly cancelled_by_fail_fast: boolean;
  /** ISO 8601; null for a build that never started. */
  readonly started: string | null;
  readonly ended: string | null;
  readonly duration_ms: number;
  readonly artifacts: readonly ResultArtifact[];
  /** The entries manifest post-processors wrote for this build in this run. */
  readonly manifest_entries: readonly ManifestEntry[];
  /** Steps, provisioners and post-processors, in milliseconds since the run started. */
  readonly steps: readonly Span[];
}

export interface ResultFile {
  readonly format: typeof RESULT_FORMAT;
  readonly kiln_version: string;
  /** PACKER_RUN_UUID of the run ('' when nothing ran). */
  readonly run_id: string;
  readonly started: string;
  readonly ended: string;
  /** Interrupted (SIGINT/SIGTERM). */
  readonly cancelled: boolean;
  readonly fail_fast: FailFastStop | null;
  /** Why nothing was built (template errors, no builds selected); null when builds ran. */
  readonly error: string | null;
  readonly builds: readonly ResultBuild[];
}

/** Gathers, from the run's events, what the run result alone does not say (times, manifest entries, steps). */
export class ResultRecorder {
  private readonly timeline = new TimelineRecorder();
  private readonly starts = new Map<string, number>();
  private readonly ends = new Map<string, number>();
  private readonly manifests = new Map<string, ManifestEntry[]>();
  private readonly began = Date.now();

  event(e: BuildEvent): void {
    this.timeline.event(e);
    if (e.type === 'build-start') this.starts.set(e.build, e.time);
    else if (e.type === 'build-end') this.ends.set(e.build, e.time);
    else if (e.type === 'output-file' && e.role === 'manifest' && e.entry !== undefined)
      this.manifests.set(e.build, [
        ...(this.manifests.get(e.build) ?? []),
        e.entry as unknown as ManifestEntry,
      ]);
  }

  /** The result file of a run (`run` absent: nothing ran, for `error`), artifacts' files sized in `cwd`. */
  result(run: RunResult | undefined, cwd: string, error?: string): ResultFile {
    const now = Date.now();
    const origin = this.timeline.startedAt() ?? this.began;
    const spans = new Map(this.timeline.timelines().map((t) => [t.build, t.spans]));
    const stopped = new Set(run?.failFast?.cancelled ?? []);
    const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
    const builds = (run?.results ?? []).map((r): ResultBuild => {
      const ended = this.ends.get(r.name);
      const status: ResultStatus = r.cancelled ? 'cancelled' : r.error !== undefined ? 'failed' : 'ok';
      return {
        name: r.name,
        type: r.builderType,
        source: r.sourceName,
        status,
        error: r.error ?? null,
        cancelled_by_fail_fast: stopped.has(r.name),
        started: iso(this.starts.get(r.name)),
        ended: iso(ended),
        duration_ms: r.durationMs,
        artifacts: r.artifacts.map((a) => ({
          id: a.id,
          builder_id: a.builderId,
          files: [...a.files],
          description: a.description,
          manifest_entry: {
            name: r.sourceName,
            builder_type: r.builderType,
            build_time: Math.floor((ended ?? now) / 1000),
            files: a.files.length > 0 ? a.files.map((f) => ({ name: f, size: fileSize(cwd, f) })) : null,
            artifact_id: a.id,
            packer_run_uuid: run?.runId ?? '',
            custom_data: null,
          },
        })),
        manifest_entries: this.manifests.get(r.name) ?? [],
        steps: spans.get(r.name) ?? [],
      };
    });
    return {
      format: RESULT_FORMAT,
      kiln_version: KILN_VERSION,
      run_id: run?.runId ?? '',
      started: new Date(origin).toISOString(),
      ended: new Date(now).toISOString(),
      cancelled: run?.cancelled ?? false,
      fail_fast: run?.failFast ?? null,
      error: error ?? null,
      builds,
    };
  }
}

function fileSize(cwd: string, file: string): number {
  try {
    return fs.statSync(path.resolve(cwd, file)).size;
  } catch {
    return 0;
  }
}

/**
 * Writes the file whole (through a temporary file), making its directory; every string in it goes
 * through `mask` (the run's secrets), as everything else the run reports does.
 */
export function writeResultFile(file: string, result: ResultFile, mask: (text: string) => string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const masked = JSON.stringify(
    result,
    (_key, value: unknown) => (typeof value === 'string' ? mask(value) : value),
    2,
  );
  fs.writeFileSync(tmp, masked + '\n');
  fs.renameSync(tmp, file);
}

/** Reads a result file; throws an Error naming the file when it is not one. */
export function readResultFile(file: string): ResultFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: cannot read a result file: ${e instanceof Error ? e.message : String(e)}`);
  }
  const o = parsed as Partial<ResultFile> | null;
  if (o === null || typeof o !== 'object' || o.format !== RESULT_FORMAT || !Array.isArray(o.builds))
    throw new Error(`${file}: not a Kiln result file (expected "format": "${RESULT_FORMAT}").`);
  return o as ResultFile;
}
