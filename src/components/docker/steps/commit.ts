import type { Step } from '../../../engine/types';
import { errorMessage } from '../../../engine/abort';
import { PROVISION_HOOK_DATA } from '../../../sdk/steps/provision';
import { ARTIFACT } from '../../../sdk/steps/run-builder-steps';
import { DockerImageArtifact } from '../artifacts';
import type { DockerStepDeps } from './deps';
import { CONTAINER, dockerGenerated, updateDockerGenerated } from './state-keys';

/**
 * Packer's StepCommit (`commit = true`): the container becomes an image, with `changes`, `author`
 * and `message`. The artifact carries what the provisioners saw, with the new image's ID.
 */
export function commitStep({ options, driver }: DockerStepDeps): Step {
  return {
    name: 'commit',
    async run(ctx) {
      ctx.ui.say('Committing the container');
      const imageId = await driver
        .commit(
          ctx.state.require(CONTAINER),
          { changes: options.changes, author: options.author, message: options.message },
          ctx.signal,
        )
        .catch((e: unknown) => {
          throw new Error(`Error committing container: ${errorMessage(e)}`);
        });
      updateDockerGenerated(ctx.state, { ImageSha256: imageId });
      ctx.ui.message(`Image ID: ${imageId}`);
      const generated = { ...ctx.state.get(PROVISION_HOOK_DATA), ...dockerGenerated(ctx.state) };
      ctx.state.set(ARTIFACT, new DockerImageArtifact(imageId, generated, driver));
    },
  };
}
