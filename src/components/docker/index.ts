import { type ComponentDeclaration, defineBuilder, definePostProcessor } from '../../sdk/define';
import { DOCKER_BUILDER } from './builder-runtime';
import { DOCKER_BUILDER_SCHEMA } from './builder-schema';
import { DOCKER_IMPORT, DOCKER_PUSH, DOCKER_SAVE, DOCKER_TAG } from './post-processor-runtimes';
import {
  DOCKER_IMPORT_SCHEMA,
  DOCKER_PUSH_SCHEMA,
  DOCKER_SAVE_SCHEMA,
  DOCKER_TAG_SCHEMA,
} from './post-processor-schemas';
import { findRunContainers, sweepDockerContainer, sweepDockerImage } from './sweep';

/** github.com/hashicorp/docker: the builder and its four post-processors, all run natively. */

export const DOCKER_BUILDER_DECLARATION = defineBuilder({
  schema: DOCKER_BUILDER_SCHEMA,
  runtime: DOCKER_BUILDER,
  // The image digests the plugin's Prepare adds to the generated data.
  generatedData: ['ImageSha256', 'SourceImageDigest'],
  // What it records in the ledger (its container; with discard, a Dockerfile's image) and what
  // finds its containers by the run's name tag when a ledger is lost.
  sweepers: { 'docker-container': sweepDockerContainer, 'docker-image': sweepDockerImage },
  runFinders: [findRunContainers],
  // ecr_login pulls through ECR with the AWS SDK.
  lazyBundle: 'aws-ecr',
});

export const DOCKER_POST_PROCESSORS: readonly ComponentDeclaration[] = [
  definePostProcessor({ schema: DOCKER_IMPORT_SCHEMA, runtime: DOCKER_IMPORT }),
  definePostProcessor({ schema: DOCKER_TAG_SCHEMA, runtime: DOCKER_TAG }),
  definePostProcessor({ schema: DOCKER_PUSH_SCHEMA, runtime: DOCKER_PUSH, lazyBundle: 'aws-ecr' }),
  definePostProcessor({ schema: DOCKER_SAVE_SCHEMA, runtime: DOCKER_SAVE }),
];

export const DOCKER_COMPONENTS: readonly ComponentDeclaration[] = [
  DOCKER_BUILDER_DECLARATION,
  ...DOCKER_POST_PROCESSORS,
];
