import * as os from 'node:os';
import * as path from 'node:path';

import type { Step } from '../../../engine/types';
import { errorMessage } from '../../../engine/abort';
import { renderGoTemplate } from '../../../gotemplate/index';
import type { ContainerConfig } from '../driver';
import type { DockerBuilderOptions } from '../options';
import { runContainerPrefix } from '../sweep';
import type { DockerStepDeps } from './deps';
import { inspectSourceImage, recordSourceImage } from './source-image';
import { CONTAINER, CONTAINER_NAME, INSPECT_AFTER_RUN, SHARED_DIR, runImage } from './state-keys';

/**
 * Packer's StepRun: starts the container the provisioners work in, with the shared directory
 * mounted at `container_dir`. It is named (with the run ID) and recorded in the ledger under that
 * name before it exists, so a process killed while `docker run` starts it still leaves it there
 * (a label would end up in the committed image). Cleanup removes it on every outcome.
 */

/** `run_command` with `{{.Image}}` rendered, the volumes with the shared directory last. */
export function containerConfig(
  options: DockerBuilderOptions,
  image: string,
  sharedDir: string,
  name: string,
): ContainerConfig {
  const volumes: Record<string, string> = { ...options.volumes };
  // The plugin shares a host temporary directory with the container at container_dir.
  volumes[sharedDir] = options.containerDir;
  const runCommand = options.runCommand.map((part) => {
    const r = renderGoTemplate(part, { data: { Image: image } });
    if (!r.ok) throw new Error(`Error preparing run command: ${r.message}`);
    return r.value;
  });
  return {
    name,
    privileged: options.privileged,
    platform: options.platform,
    capAdd: options.capAdd,
    capDrop: options.capDrop,
    tmpfs: options.tmpfs,
    devices: options.devices,
    runtime: options.runtime,
    volumes: Object.entries(volumes).map(([host, container]) => [
      host.startsWith('~/') ? path.join(os.homedir(), host.slice(2)) : host,
      container,
    ]),
    runCommand,
  };
}

/** `kiln-<run ID>-<random>`: a sweep finds the run's containers by that prefix. */
export function containerName(runId: string): string {
  return `${runContainerPrefix(runId)}${Math.random().toString(36).slice(2, 10)}`;
}

export function runContainerStep({ options, driver }: DockerStepDeps): Step {
  return {
    name: 'run container',
    async run(ctx) {
      ctx.ui.say('Starting docker container...');
      const image = runImage(ctx.state, options);
      const config = containerConfig(
        options,
        image,
        ctx.state.require(SHARED_DIR),
        containerName(ctx.build.runId),
      );
      ctx.ledger.record({ id: config.name, kind: 'docker-container', data: { dockerHost: driver.host } });
      ctx.state.set(CONTAINER_NAME, config.name);
      ctx.ui.message(`Run command: ${driver.describeStart(config)}`);
      const id = await driver.startContainer(config, ctx.signal).catch((e: unknown) => {
        throw new Error(`Error running container: ${errorMessage(e)}`);
      });
      ctx.state.set(CONTAINER, id);
      ctx.ui.message(`Container ID: ${id}`);
      if (ctx.state.get(INSPECT_AFTER_RUN) === true)
        recordSourceImage(await inspectSourceImage(driver, image, ctx.signal), ctx);
    },
    async cleanup(ctx) {
      const name = ctx.state.get(CONTAINER_NAME);
      if (name === undefined) return;
      const id = ctx.state.get(CONTAINER);
      // When `docker run` failed there may be no container; removing it by name is then a no-op.
      if (id !== undefined) ctx.ui.say(`Killing the container: ${id}`);
      await driver.removeContainer(id ?? name, new AbortController().signal);
      ctx.ledger.release(name);
    },
  };
}
