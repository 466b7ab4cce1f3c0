import type { BuildUI } from '../../engine/types';
import { errorMessage } from '../../engine/abort';
import type { DockerDriver } from './driver';
import type { DockerBuilderOptions } from './options';
import { loginToRegistry } from './registry-login';

/**
 * No separate "is there an engine?" call (each docker command costs a process start): the first
 * command's failure says so, and is turned into advice. Undefined when `stderr` says something else.
 */
export function engineProblem(stderr: string, host: string): Error | undefined {
  return /Cannot connect to the Docker daemon|error during connect|cannot run /i.test(stderr)
    ? new Error(
        `No Docker engine is reachable${host ? ` at DOCKER_HOST=${host}` : ''}: ${stderr.trim()}\n` +
          'Start Docker, or point DOCKER_HOST at a running engine (in a clone of Kiln on Debian: ' +
          '`bash test-env/install-deps.sh && bash test-env/start.sh && . /tmp/kiln-test-env/env.sh`).',
      )
    : undefined;
}

/**
 * `login` / `ecr_login` around a pull or a Dockerfile build, through the driver; an unreachable
 * engine is said so. Resolves with what logs out again.
 */
export function builderRegistryLogin(
  options: DockerBuilderOptions,
  driver: DockerDriver,
  ui: BuildUI,
  signal: AbortSignal,
): Promise<() => Promise<void>> {
  return loginToRegistry(options.registry, ui, signal, {
    loginError: 'Error logging in',
    client: driver,
  }).catch((e: unknown) => {
    throw engineProblem(errorMessage(e), driver.host) ?? e;
  });
}
