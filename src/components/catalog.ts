import type { DataSource } from '../schema/datasource';
import { ComponentRegistry } from '../schema/registry';
import type { ComponentSchema } from '../schema/types';
import { AMAZON_EBS_SCHEMA } from './amazon/ebs-schema';
import { ANSIBLE_SCHEMAS } from './ansible/schema';
import { CORE_BUILDER_SCHEMAS } from './core/builders';
import { CORE_DATA_SOURCES, CORE_DATASOURCE_SCHEMAS } from './core/datasources';
import { CORE_POST_PROCESSOR_SCHEMAS } from './core/post-processors';
import { CORE_PROVISIONER_SCHEMAS } from './core/provisioners';
import { DOCKER_SCHEMAS } from './docker/schemas';

/**
 * Every component Kiln ships, by declaration. The registry and docs/components.md are built from
 * this list, so a component exists for Kiln exactly when it is listed here.
 */
export const BUILTIN_SCHEMAS: readonly ComponentSchema[] = [
  ...CORE_BUILDER_SCHEMAS,
  ...DOCKER_SCHEMAS,
  AMAZON_EBS_SCHEMA,
  ...CORE_PROVISIONER_SCHEMAS,
  ...ANSIBLE_SCHEMAS,
  ...CORE_POST_PROCESSOR_SCHEMAS,
  ...CORE_DATASOURCE_SCHEMAS,
];

/** A registry holding every built-in component. */
export function builtinRegistry(): ComponentRegistry {
  const registry = new ComponentRegistry();
  for (const schema of BUILTIN_SCHEMAS) registry.register(schema);
  return registry;
}

/** Every data source Kiln can run (a data source's runtime is declared beside its schema). */
export function builtinDataSources(): readonly DataSource[] {
  return CORE_DATA_SOURCES;
}
