import { randomUUID } from 'node:crypto';

import { runBuild } from './build';
import type { BuildPlan, RuntimeLookup, RunTimeDecoder } from './build-plan';
import { Masker } from './ui';
import type { BuildResult, FailFastStop, RunOptions, RunResult } from './types';

/**
 * Runs every build of a run, at most `parallelBuilds` at a time (0: all at once), sharing one run
 * ID and one masker. Cancellation (opts.signal) reaches every step of every build; builds not yet
 * started are reported as cancelled without starting. `decoder` decodes provisioners and
 * post-processors again with what the builder generated (the template layer's, wired by the surface).
 * With opts.failFast the first build that fails cancels the others through the same signal.
 */
export async function runBuilds<B extends BuildPlan>(
  builds: readonly B[],
  runtimes: RuntimeLookup,
  decoder: RunTimeDecoder<B>,
  opts: RunOptions,
): Promise<RunResult> {
  const runId = opts.runId ?? randomUUID();
  const masker = new Masker(opts.secrets, opts.onSecret);
  // Each build's ledger, as announced when it starts: if the second signal abandons a build's
  // cleanup, its result still says where its resources are listed.
  const ledgers = new Map<string, string>();
  const events: RunOptions['events'] = (e) => {
    if (e.type === 'build-start') ledgers.set(e.build, e.ledger);
    opts.events(e);
  };
  events({ type: 'run-start', runId, builds: builds.map((b) => b.name), time: Date.now() });
  const results: BuildResult[] = new Array<BuildResult>(builds.length);
  // -fail-fast cancels through a signal of its own joined to the interrupt's: the builds see one
  // signal and clean up exactly as on Ctrl-C, while the run can still tell the two causes apart.
  const failFast = new AbortController();
  const signal = opts.failFast ? AbortSignal.any([opts.signal, failFast.signal]) : opts.signal;
  const buildOpts: RunOptions = { ...opts, signal };
  let stoppedBy: { build: string; error: string } | undefined;
  const limit = opts.parallelBuilds > 0 ? opts.parallelBuilds : builds.length;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < builds.length) {
      const i = next++;
      const build = builds[i];
      if (signal.aborted) {
        results[i] = {
          name: build.name,
          builderType: build.builder.type,
          sourceName: build.sourceName,
          artifacts: [],
          error: 'Build was cancelled.',
          cancelled: true,
          durationMs: 0,
        };
        continue;
      }
      const result = await runBuild({
        build,
        runtimes,
        decoder,
        opts: buildOpts,
        runId,
        masker,
        emit: events,
      });
      results[i] = result;
      if (opts.failFast && result.error !== undefined && !result.cancelled && !signal.aborted) {
        stoppedBy = { build: result.name, error: result.error };
        events({ type: 'fail-fast', build: result.name, error: result.error, time: Date.now() });
        failFast.abort();
      }
    }
  };
  const all = Promise.all(Array.from({ length: Math.max(1, Math.min(limit, builds.length)) }, worker));
  const abandoned = await untilAbandoned(all, opts.hardSignal);
  if (abandoned) {
    // The second signal: stop waiting for the builds still cleaning up. What they created stays
    // listed in their ledgers (kept on disk) for a later sweep.
    builds.forEach((build, i) => {
      if (results[i] !== undefined) return;
      const ledger = ledgers.get(build.name);
      results[i] = {
        name: build.name,
        builderType: build.builder.type,
        sourceName: build.sourceName,
        artifacts: [],
        error: 'Build was cancelled; its cleanup was abandoned.',
        cancelled: true,
        durationMs: 0,
        ...(ledger !== undefined ? { ledger } : {}),
      };
    });
  }
  const cancelled = opts.signal.aborted;
  const failFastStop: FailFastStop | undefined =
    stoppedBy === undefined
      ? undefined
      : { ...stoppedBy, cancelled: results.filter((r) => r.cancelled).map((r) => r.name) };
  events({
    type: 'run-end',
    time: Date.now(),
    cancelled,
    failed: results.filter((r) => r.error !== undefined).map((r) => r.name),
  });
  return {
    runId,
    results,
    cancelled,
    ...(abandoned ? { abandoned: true } : {}),
    ledgers: results.flatMap((r) => (r.ledger ? [r.ledger] : [])),
    ...(failFastStop ? { failFast: failFastStop } : {}),
  };
}

/** Resolves false when `work` settles, true if `hard` is aborted first. */
function untilAbandoned(work: Promise<unknown>, hard: AbortSignal | undefined): Promise<boolean> {
  if (hard === undefined) return work.then(() => false);
  if (hard.aborted) return Promise.resolve(true);
  return new Promise((resolve, reject) => {
    const onHard = (): void => resolve(true);
    hard.addEventListener('abort', onHard, { once: true });
    work.then(
      () => {
        hard.removeEventListener('abort', onHard);
        resolve(false);
      },
      (e: unknown) => {
        hard.removeEventListener('abort', onHard);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
