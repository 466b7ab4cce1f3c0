import * as fs from 'node:fs';
import * as path from 'node:path';

import type { StateKey, Step } from '../../engine/types';

/**
 * A temporary directory for the build (Packer's StepTempDir), made inside the build's own temp
 * dir so that it goes with it, and with a sweep of it, even when cleanup never runs. Its path is
 * left in the state under `key`; cleanup removes it.
 */
export interface TempDirStepOptions {
  readonly key: StateKey<string>;
  /** The directory name's prefix (a random suffix follows). */
  readonly prefix: string;
  /** What the step says as it starts (Packer's docker builder: "Creating a temporary directory for sharing data..."). */
  readonly say?: string;
  /** The step's name in events and -debug pauses; default "temp dir". */
  readonly name?: string;
}

export function tempDirStep(options: TempDirStepOptions): Step {
  return {
    name: options.name ?? 'temp dir',
    run(ctx) {
      if (options.say !== undefined) ctx.ui.say(options.say);
      ctx.state.set(options.key, fs.mkdtempSync(path.join(ctx.build.tempDir, options.prefix)));
      return Promise.resolve();
    },
    cleanup(ctx) {
      const dir = ctx.state.get(options.key);
      if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}
