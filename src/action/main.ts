import * as core from '@actions/core';

import { interruptsReceived, processIO } from '../cli/process-io';
import { loadLazyBundle } from '../lazy-bundles';
import type * as ActionsCache from './actions-cache';
import { runAction } from './run';

// The entry point of dist/index.js. runAction reports failures through core.setFailed, which sets
// the process exit code; after a second signal (the runner's SIGTERM follows its SIGINT) cleanup
// work may still hold the event loop, so the process leaves at once — the post step sweeps.
// Build temp directories (and their ledgers) go to the runner's per-job temp directory, which the
// runner empties after the job, rather than the machine's /tmp.
const runnerTemp = process.env.RUNNER_TEMP;
if (runnerTemp) for (const name of ['TMPDIR', 'TEMP', 'TMP']) process.env[name] = runnerTemp;

runAction(
  {
    ...core,
    writeSummary: async (markdown) => {
      await core.summary.addRaw(markdown, true).write();
    },
  },
  {
    env: process.env,
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
    onInterrupt: processIO().onInterrupt,
    outputBacklog: processIO().outputBacklog,
    chdir: (dir) => process.chdir(dir),
    // @actions/cache is a bundle of its own, read only when a template needs plugins installed.
    pluginCache: () => loadLazyBundle<typeof ActionsCache>('actions-cache').actionsCache,
  },
)
  .catch((err: unknown) => core.setFailed(err instanceof Error ? err.message : String(err)))
  .finally(() => {
    if (interruptsReceived() >= 2) process.exit(process.exitCode ?? 1);
  });
