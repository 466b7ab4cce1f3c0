import type { ComponentSchema } from '../../schema/types';
import { DOCKER_BUILDER_SCHEMA } from './builder-schema';
import { DOCKER_POST_PROCESSOR_SCHEMAS } from './post-processor-schemas';

/** Every component of github.com/hashicorp/docker: the builder and its four post-processors. */
export const DOCKER_SCHEMAS: readonly ComponentSchema[] = [
  DOCKER_BUILDER_SCHEMA,
  ...DOCKER_POST_PROCESSOR_SCHEMAS,
];
