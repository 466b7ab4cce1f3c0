import * as path from 'node:path';

import type { Step } from '../../../engine/types';
import { createFileWriteStream, makeDirectory } from '../../../engine/file-errors';
import { PROVISION_HOOK_DATA } from '../../../sdk/steps/provision';
import { ARTIFACT } from '../../../sdk/steps/run-builder-steps';
import { DockerExportArtifact } from '../artifacts';
import type { DockerStepDeps } from './deps';
import { CONTAINER, dockerGenerated } from './state-keys';

/**
 * Packer's StepExport (`export_path`): the container's filesystem as a tar file (relative to the
 * working directory), streamed as `docker export` writes it.
 */
export function exportStep({ options, driver }: DockerStepDeps): Step {
  return {
    name: 'export',
    async run(ctx) {
      const target = path.resolve(ctx.build.cwd, options.exportPath);
      ctx.ui.say('Exporting the container');
      makeDirectory(path.dirname(target));
      const out = createFileWriteStream(target);
      try {
        await driver.exportContainer(ctx.state.require(CONTAINER), out, ctx.signal);
      } finally {
        await new Promise((resolve) => out.end(resolve));
      }
      const generated = { ...ctx.state.get(PROVISION_HOOK_DATA), ...dockerGenerated(ctx.state) };
      ctx.state.set(ARTIFACT, new DockerExportArtifact(options.exportPath, generated));
    },
  };
}
