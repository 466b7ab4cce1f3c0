import { RuntimeRegistry } from '../sdk/runtimes';
import { CORE_BUILDER_RUNTIMES } from './core/builder-runtimes';
import { CORE_POST_PROCESSOR_RUNTIMES } from './core/post-processor-runtimes';
import { CORE_PROVISIONER_RUNTIMES } from './core/provisioner-runtimes';
import { DOCKER_RUNTIMES } from './docker/runtime';

/** Every component Kiln can run today (configuration schemas for more are in catalog.ts). */
export function builtinRuntimes(): RuntimeRegistry {
  return new RuntimeRegistry([
    CORE_BUILDER_RUNTIMES,
    CORE_PROVISIONER_RUNTIMES,
    CORE_POST_PROCESSOR_RUNTIMES,
    DOCKER_RUNTIMES,
  ]);
}
