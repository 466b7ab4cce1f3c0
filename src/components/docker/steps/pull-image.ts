import type { Step } from '../../../engine/types';
import { errorMessage } from '../../../engine/abort';
import { engineProblem } from '../engine-problem';
import { builderRegistryLogin } from './login';
import type { DockerStepDeps } from './deps';
import { inspectSourceImage, recordSourceImage } from './source-image';
import { INSPECT_AFTER_RUN, runImage } from './state-keys';

/**
 * Packer's StepPull: `docker pull` (logged in when asked) unless `pull = false` or a Dockerfile
 * build made the image (that pulls with `build.pull` instead), then the source image's ID and
 * digest.
 */
export function pullImageStep({ options, driver }: DockerStepDeps): Step {
  const bootstrapped = options.dockerfile !== undefined;
  return {
    name: 'pull',
    async run(ctx) {
      const image = runImage(ctx.state, options);
      if (!bootstrapped && options.pull) {
        ctx.ui.say(`Pulling Docker image: ${image}`);
        const logout = await builderRegistryLogin(options, driver, ctx.ui, ctx.signal);
        try {
          await driver
            .pull(image, options.platform, ctx.signal, (text) => ctx.ui.message(text))
            .catch((e: unknown) => {
              throw (
                engineProblem(errorMessage(e), driver.host) ??
                new Error(`Error pulling Docker image: ${errorMessage(e)}`)
              );
            });
        } finally {
          await logout();
        }
      }
      const info = await inspectSourceImage(driver, image, ctx.signal);
      // Without a pull an image the engine lacks is no error: `docker run` pulls it, and the
      // plugin's red "Error determining source Docker image Id" on a build that then succeeds
      // misleads. Say what happens instead, and inspect again once the container runs.
      if (info.missing && (bootstrapped || !options.pull)) {
        ctx.state.set(INSPECT_AFTER_RUN, true);
        ctx.ui.message(`Image ${image} is not on the Docker engine yet: docker run will pull it.`);
        return;
      }
      recordSourceImage(info, ctx);
    },
  };
}
