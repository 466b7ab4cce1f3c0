import { errorMessage } from '../../../engine/abort';
import type { Connect } from '../../../sdk/steps/connect';
import type { DockerStepDeps } from './deps';
import { CONTAINER, SOURCE_IMAGE_USER } from './state-keys';

/**
 * Packer's StepConnectDocker, for the shared connect step: the docker communicator into the
 * running container. With `fix_upload_owner`, uploads are given to the user the container runs
 * as: its image's user, unless `run_command` names another (only then is the container asked, as
 * the plugin always does); root when there is none.
 */
export function connectDocker({ options, driver }: DockerStepDeps): Connect {
  return async (ctx) => {
    const id = ctx.state.require(CONTAINER);
    let uploadOwner: string | undefined;
    if (options.fixUploadOwner) {
      const overridden = options.runCommand.some((a) => /^(-u|--user)(=|$)/.test(a));
      const user = !overridden
        ? (ctx.state.get(SOURCE_IMAGE_USER) ?? '')
        : await driver.containerUser(id, ctx.signal).catch((e: unknown) => {
            throw new Error(`Failed to inspect the container: ${errorMessage(e)}`);
          });
      uploadOwner = user || 'root';
    }
    return driver.communicator(id, { execUser: options.execUser, pty: options.pty, uploadOwner });
  };
}
