import { runtimeRegistryOf } from '../sdk/catalog';
import type { RuntimeRegistry } from '../sdk/runtimes';
import { BUILTIN_COMPONENTS } from './catalog';

/** What runs each built-in component, and the cannotRun marks of those Kiln only validates. */
export function builtinRuntimes(): RuntimeRegistry {
  return runtimeRegistryOf(BUILTIN_COMPONENTS);
}
