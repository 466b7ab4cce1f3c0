import type { DataSource } from '../schema/datasource';
import type { ComponentRegistry } from '../schema/registry';
import type { ComponentSchema } from '../schema/types';
import { componentRegistryOf, dataSourcesOf } from '../sdk/catalog';
import type { ComponentDeclaration } from '../sdk/define';
import { AMAZON_COMPONENTS } from './amazon';
import { ANSIBLE_COMPONENTS } from './ansible';
import { CORE_COMPONENTS } from './core';
import { DOCKER_COMPONENTS } from './docker';

/**
 * Every component Kiln ships, one line per component module (its folder's index.ts). The schema
 * registry, the runtimes (runtime-catalog.ts), the data sources and docs/components.md are derived
 * from this list, so a component exists for Kiln exactly when it is listed here.
 */
export const BUILTIN_COMPONENTS: readonly ComponentDeclaration[] = [
  ...CORE_COMPONENTS,
  ...DOCKER_COMPONENTS,
  ...AMAZON_COMPONENTS,
  ...ANSIBLE_COMPONENTS,
];

export const BUILTIN_SCHEMAS: readonly ComponentSchema[] = BUILTIN_COMPONENTS.map((d) => d.schema);

/** A registry holding every built-in component. */
export function builtinRegistry(): ComponentRegistry {
  return componentRegistryOf(BUILTIN_COMPONENTS);
}

/** Every data source Kiln can run (a data source's runtime is declared beside its schema). */
export function builtinDataSources(): readonly DataSource[] {
  return dataSourcesOf(BUILTIN_COMPONENTS);
}
