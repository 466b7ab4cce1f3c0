import type { Step } from '../../../engine/types';
import { errorMessage } from '../../../engine/abort';
import { goQuote } from '../../../text/go-quote';
import { engineProblem } from '../engine-problem';
import { builderRegistryLogin } from './login';
import { dockerfileBuildArguments } from '../options';
import type { DockerStepDeps } from './deps';
import { BUILT_IMAGE } from './state-keys';

/**
 * Packer's stepBuild, with a Dockerfile `build` block only: `docker build` (logged in when asked),
 * whose image the build then runs. Only a discarded build deletes that image again, so only then
 * is it recorded in the ledger (for a sweep).
 */
export function buildImageStep({ options, driver }: DockerStepDeps): Step {
  const dockerfile = options.dockerfile;
  if (dockerfile === undefined) throw new Error('internal error: the build step needs a Dockerfile build');
  return {
    name: 'build',
    async run(ctx) {
      ctx.ui.say('Building base image...');
      const logout = await builderRegistryLogin(options, driver, ctx.ui, ctx.signal);
      let image: string;
      try {
        const args = dockerfileBuildArguments(dockerfile, options.platform, ctx.build.cwd);
        const r = await driver.buildImage(args, ctx.signal);
        if (r.code !== 0 || r.imageId === undefined)
          throw (
            engineProblem(r.stderr, driver.host) ??
            new Error(
              `${options.executable} build failed: exit status ${r.code}; stdout: ${r.stdout}; stderr: ${r.stderr}`,
            )
          );
        image = r.imageId;
      } finally {
        await logout();
      }
      ctx.state.set(BUILT_IMAGE, image);
      if (options.discard)
        ctx.ledger.record({
          id: image,
          kind: 'docker-image',
          // What and where, never which program: a sweep decides that.
          data: { dockerHost: driver.host },
        });
      ctx.ui.say(`Finished building base image ${goQuote(image)}`);
    },
    async cleanup(ctx) {
      const image = ctx.state.get(BUILT_IMAGE);
      if (image === undefined) return;
      if (!options.discard) {
        ctx.ui.say(
          'final image is not discarded, removing the built image will fail because of existing dependencies, skipping cleanup for docker build.',
        );
        return;
      }
      try {
        await driver.removeImage(image, new AbortController().signal);
        ctx.ledger.release(image);
      } catch (e) {
        ctx.ui.say(`failed to remove image ${goQuote(image)}: ${errorMessage(e)}`);
        ctx.ui.say(
          'if you have other images using this dockerfile, this is expected and can safely be ignored.',
        );
      }
    },
  };
}
