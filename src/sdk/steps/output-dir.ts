import * as fs from 'node:fs';
import * as path from 'node:path';

import { errnoText } from '../../engine/file-errors';
import { type BuildInfo, type Step, StateKey } from '../../engine/types';

/**
 * Packer's commonsteps.StepOutputDir: makes the build's output directory, refusing one that already
 * exists unless the build runs with -force (then it is deleted first), checks that it can be written
 * to, and deletes it again when the build fails or is cancelled (never after a success: it holds
 * the result).
 */

/** The output directory, absolute, once made. */
export const OUTPUT_DIRECTORY = new StateKey<string>('output_directory');

/** `output_directory` as written (empty: Packer's `output-<build name>`), resolved against the working directory. */
export function outputDirectoryPath(written: string, build: BuildInfo): string {
  return path.resolve(build.cwd, written !== '' ? written : `output-${build.buildName}`);
}

export interface OutputDirOptions {
  /** `output_directory` as written; empty or absent: the default. */
  readonly path?: string;
}

export function outputDirStep(options: OutputDirOptions = {}): Step {
  // Set once the step has passed the existence check: a directory that was refused is not ours to delete.
  let owned: string | undefined;
  return {
    name: 'output directory',
    async run(ctx) {
      const dir = outputDirectoryPath(options.path ?? '', ctx.build);
      // Packer reports the path as written (or its default), not the absolute one.
      const shown = options.path || `output-${ctx.build.buildName}`;
      if (exists(dir)) {
        if (!ctx.build.force)
          throw new Error(
            `Output directory exists: ${shown}\n\nUse the force flag to delete it prior to building.`,
          );
        ctx.ui.say('Deleting previous output directory...');
        await fs.promises.rm(dir, { recursive: true, force: true });
      }
      owned = dir;
      try {
        await fs.promises.mkdir(dir, { recursive: true, mode: 0o755 });
      } catch (e) {
        throw new Error(`mkdir ${shown}: ${errnoText(e)}`);
      }
      const probe = path.join(dir, '_packer_perm_check');
      try {
        await fs.promises.writeFile(probe, '');
        await fs.promises.rm(probe, { force: true });
      } catch (e) {
        throw new Error(
          `Couldn't write to output directory: open ${path.join(shown, '_packer_perm_check')}: ${errnoText(e)}`,
        );
      }
      ctx.state.set(OUTPUT_DIRECTORY, dir);
    },
    async cleanup(ctx) {
      if (owned === undefined || ctx.outcome === 'success') return;
      const dir = owned;
      owned = undefined;
      ctx.ui.say('Deleting output directory...');
      try {
        // Packer retries for a while: a VM process that just ended may still hold files open.
        await fs.promises.rm(dir, { recursive: true, force: true, maxRetries: 4, retryDelay: 500 });
      } catch (e) {
        ctx.ui.error(`Error removing output directory ${dir}: ${errnoText(e)}`);
      }
    },
  };
}

/** os.Stat succeeding: anything at the path (a file too) counts. */
function exists(p: string): boolean {
  try {
    fs.statSync(p);
    return true;
  } catch {
    return false;
  }
}
