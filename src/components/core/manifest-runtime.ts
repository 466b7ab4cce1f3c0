import * as fs from 'node:fs';
import * as path from 'node:path';

import { sleep } from '../../engine/abort';
import type { PostProcessorRuntime } from '../../engine/types';
import type { MANIFEST_FIELDS } from './post-processors';
import { renderGoTemplate } from '../../gotemplate/index';
import { fileError, makeDirectory, writingFile } from '../../engine/file-errors';

/**
 * The `manifest` post-processor: appends one entry per build to a JSON file in exactly Packer's
 * format (`builds[]` and `last_run_uuid`), under a lock file so parallel builds of a run, or
 * parallel runs, do not lose each other's entries. The input artifact passes through unchanged.
 */

export interface ManifestBuild {
  name: string;
  builder_type: string;
  build_time?: number;
  files: { name: string; size: number }[] | null;
  artifact_id: string;
  packer_run_uuid: string;
  custom_data: Record<string, string> | null;
}

export interface Manifest {
  builds: ManifestBuild[];
  last_run_uuid: string;
}

async function withLock<T>(file: string, signal: AbortSignal, fn: () => T): Promise<T> {
  const lock = `${file}.lock`;
  for (let i = 0; ; i++) {
    try {
      fs.closeSync(fs.openSync(lock, 'wx'));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || i > 600) throw fileError(lock, e);
      await sleep(50, signal);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

export const MANIFEST: PostProcessorRuntime<typeof MANIFEST_FIELDS> = {
  type: 'manifest',
  async postProcess(config, input, ctx) {
    const view = config.view;
    const rendered = renderGoTemplate(view.string('output') || 'packer-manifest.json', {
      data: { BuildName: ctx.build.buildName, BuilderType: ctx.build.builderType },
      buildName: ctx.build.buildName,
      buildType: ctx.build.builderType,
    });
    if (!rendered.ok) throw new Error(`Error parsing output template: ${rendered.message}`);
    const output = path.resolve(ctx.build.cwd, rendered.value);
    const files = input.files.map((f) => ({
      name: view.bool('strip_path') ? path.basename(f) : f,
      size: fs.statSync(path.resolve(ctx.build.cwd, f)).size,
    }));
    const custom = view.stringMap('custom_data');
    const entry: ManifestBuild = {
      name: ctx.build.buildName,
      builder_type: ctx.build.builderType,
      ...(view.bool('strip_time') ? {} : { build_time: Math.floor(Date.now() / 1000) }),
      files: files.length > 0 ? files : null,
      artifact_id: input.id,
      packer_run_uuid: ctx.build.runId,
      custom_data: custom && Object.keys(custom).length > 0 ? { ...custom } : null,
    };
    // Silent, as Packer's manifest post-processor is (the path reaches the action as an event).
    makeDirectory(path.dirname(output));
    await withLock(output, ctx.signal, () => {
      let manifest: Manifest = { builds: [], last_run_uuid: '' };
      if (fs.existsSync(output)) {
        try {
          manifest = JSON.parse(fs.readFileSync(output, 'utf8')) as Manifest;
        } catch (e) {
          throw new Error(
            `Unable to parse content from ${rendered.value}: ${e instanceof Error ? e.message : String(e)}`,
          );
        }
      }
      // -force starts the file again, once per run (the run's own builds still add up).
      if (ctx.build.force && manifest.last_run_uuid !== ctx.build.runId)
        manifest = { builds: [], last_run_uuid: '' };
      manifest.builds = [...(manifest.builds ?? []), entry];
      manifest.last_run_uuid = ctx.build.runId;
      writingFile(output, () => fs.writeFileSync(output, JSON.stringify(manifest, null, 2)));
    });
    ctx.ui.outputFile?.('manifest', output, { ...entry });
    return { artifact: input, keepInput: true, forceOverride: true };
  },
};
