import type { DataSource } from '../schema/datasource';
import { dataSourcesOf, runtimeRegistryOf } from '../sdk/catalog';
import type { RuntimeRegistry } from '../sdk/runtimes';
import { BUILTIN_COMPONENTS } from './catalog';

/** What runs each built-in component, and the cannotRun marks of those Kiln only validates. */
export function builtinRuntimes(): RuntimeRegistry {
  return runtimeRegistryOf(BUILTIN_COMPONENTS);
}

/** Every data source Kiln can run (their schemas are in the registry too). */
export function builtinDataSources(): readonly DataSource[] {
  return dataSourcesOf(BUILTIN_COMPONENTS);
}
