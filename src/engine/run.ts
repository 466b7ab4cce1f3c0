import { randomUUID } from 'node:crypto';

import type { ComponentRegistry } from '../plugins/registry';
import { builtinRegistry } from '../plugins/registry';
import type { RuntimeRegistry } from '../plugins/runtimes';
import type { ExpandedBuild } from '../template/model';
import { runBuild } from './build';
import { Masker } from './ui';
import type { BuildResult, RunOptions, RunResult } from './types';

/**
 * Runs every build of a run, at most `parallelBuilds` at a time (0: all at once), sharing one run
 * ID and one masker. Cancellation (opts.signal) reaches every step of every build; builds not yet
 * started are reported as cancelled without starting.
 */
export async function runBuilds(
  builds: readonly ExpandedBuild[],
  runtimes: RuntimeRegistry,
  opts: RunOptions,
  components: ComponentRegistry = builtinRegistry(),
): Promise<RunResult> {
  const runId = opts.runId ?? randomUUID();
  const masker = new Masker(opts.secrets);
  opts.events({ type: 'run-start', runId, builds: builds.map((b) => b.name), time: Date.now() });
  const results: BuildResult[] = new Array<BuildResult>(builds.length);
  const limit = opts.parallelBuilds > 0 ? opts.parallelBuilds : builds.length;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < builds.length) {
      const i = next++;
      const build = builds[i];
      if (opts.signal.aborted) {
        results[i] = {
          name: build.name,
          builderType: build.builder.type,
          artifacts: [],
          error: 'Build was cancelled.',
          cancelled: true,
          durationMs: 0,
        };
        continue;
      }
      results[i] = await runBuild({ build, components, runtimes, opts, runId, masker, emit: opts.events });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, builds.length)) }, worker));
  const cancelled = opts.signal.aborted;
  opts.events({
    type: 'run-end',
    time: Date.now(),
    cancelled,
    failed: results.filter((r) => r.error !== undefined).map((r) => r.name),
  });
  return { runId, results, cancelled, ledgers: results.flatMap((r) => (r.ledger ? [r.ledger] : [])) };
}
