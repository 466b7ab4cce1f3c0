import { errorMessage } from '../../../engine/abort';
import type { BuildUI } from '../../../engine/types';
import type { DockerDriver } from '../driver';
import { engineProblem } from '../engine-problem';
import type { DockerBuilderOptions } from '../options';
import { loginToRegistry } from '../registry-login';

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
