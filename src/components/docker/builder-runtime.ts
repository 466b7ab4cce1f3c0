import { provisionHookData } from '../../engine/provision-hook-data';
import type { BuilderRuntime, ProvisionHook, Step, StepContext } from '../../engine/types';
import { connectStep } from '../../sdk/steps/connect';
import { provisionStep } from '../../sdk/steps/provision';
import { runBuilderSteps } from '../../sdk/steps/run-builder-steps';
import { tempDirStep } from '../../sdk/steps/temp-dir';
import type { WithCommunicator } from '../../schema/communicator';
import type { DOCKER_FIELDS } from './builder-schema';
import { CliDockerDriver } from './cli-driver';
import type { DockerDriver } from './driver';
import { type DockerBuilderOptions, readDockerOptions } from './options';
import { buildImageStep } from './steps/build-image';
import { commitStep } from './steps/commit';
import { connectDocker } from './steps/connect-docker';
import type { DockerStepDeps } from './steps/deps';
import { exportStep } from './steps/export';
import { pullImageStep } from './steps/pull-image';
import { runContainerStep } from './steps/run-container';
import { CONTAINER, SHARED_DIR, dockerGenerated } from './steps/state-keys';

/**
 * The `docker` builder, as Packer's docker plugin runs it: pull (when asked) or build the image,
 * run a container from it, provision it over `docker exec`, then commit it to an image, export its
 * filesystem to a tar file, or discard it. The container is recorded in the ledger the moment it
 * exists and removed on every outcome. Each step is a file of steps/; Docker is reached through a
 * DockerDriver (the CLI unless a test injects a fake).
 */

export { DOCKER_BUILDER_ID, DOCKER_IMPORT_BUILDER_ID } from './artifacts';

/** The runtime reads the builder's options and its communicator's. */
export type DockerBuilderRuntime = BuilderRuntime<WithCommunicator<typeof DOCKER_FIELDS>>;

/** Makes the driver a build talks to Docker through. */
export type DockerDriverFactory = (options: DockerBuilderOptions, ctx: StepContext) => DockerDriver;

/** The docker CLI named by `docker_path`, writing its scratch files in the build's temp dir. */
export const cliDockerDriver: DockerDriverFactory = (options, ctx) =>
  new CliDockerDriver(options.executable, process.env.DOCKER_HOST ?? '', ctx.build.tempDir);

/** The builder's steps, in the plugin's order; `discard` adds none after provisioning. */
export function dockerBuilderSteps(deps: DockerStepDeps, provision: ProvisionHook): Step[] {
  const { options } = deps;
  const steps: Step[] = [
    tempDirStep({
      key: SHARED_DIR,
      prefix: 'docker-shared-',
      say: 'Creating a temporary directory for sharing data...',
    }),
    // Only with a Dockerfile `build` section (the plugin's stepBuild does nothing otherwise).
    ...(options.dockerfile !== undefined ? [buildImageStep(deps)] : []),
    pullImageStep(deps),
    runContainerStep(deps),
    connectStep({ connect: connectDocker(deps) }),
    provisionStep(provision, {
      // The docker communicator's configuration has no host, port or user (the SDK's Config
      // accessors answer their zero values for it).
      hookData: (ctx) =>
        provisionHookData({
          generated: dockerGenerated(ctx.state),
          instanceId: ctx.state.require(CONTAINER),
          runId: ctx.build.runId,
          communicator: { type: 'docker', host: '', port: 0, user: '', password: '' },
        }),
    }),
  ];
  if (options.commit) steps.push(commitStep(deps));
  else if (options.exportPath) steps.push(exportStep(deps));
  return steps;
}

/** The docker builder talking to Docker through the drivers `driver` makes. */
export function dockerBuilder(driver: DockerDriverFactory = cliDockerDriver): DockerBuilderRuntime {
  return {
    type: 'docker',
    run(config, ctx, provision) {
      const options = readDockerOptions(config.view);
      const steps = dockerBuilderSteps({ options, driver: driver(options, ctx) }, provision);
      return runBuilderSteps(steps, ctx);
    },
  };
}

export const DOCKER_BUILDER: DockerBuilderRuntime = dockerBuilder();
