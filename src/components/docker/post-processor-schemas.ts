import { BoolType, StringType, listOf } from '../../values/types';
import type { ComponentSchema, ConfigProblem, ConfigView, FieldSpec } from '../../schema/types';
import { goBool, goString } from '../../schema/go-fields';
import {
  ECR_CREDENTIAL_FIELDS,
  LOGIN_PASSWORD_FIELD,
  LOGIN_SERVER_FIELD,
  LOGIN_USERNAME_FIELD,
  ecrLoginField,
  loginField,
} from './login-fields';

/**
 * The post-processors of github.com/hashicorp/docker: `docker-import` (a container export becomes an
 * image), `docker-tag`, `docker-push` and `docker-save`, with the checks their Configure functions
 * make. Those check little: a missing `repository` or `path` only fails when the post-processor runs,
 * and Kiln accepts the same templates Packer accepts.
 */

const PLUGIN = 'github.com/hashicorp/docker';
const STRINGS = listOf(StringType);

const DOCKER_PATH = {
  name: 'docker_path',
  type: StringType,
  doc: 'The docker executable to run.',
  default: 'docker',
} as const satisfies FieldSpec;

export const DOCKER_IMPORT_FIELDS = [
  DOCKER_PATH,
  { name: 'repository', type: StringType, doc: 'The repository of the imported image.' },
  { name: 'tag', type: StringType, doc: 'The tag of the imported image.' },
  {
    name: 'changes',
    type: STRINGS,
    doc: 'Dockerfile instructions applied while importing (`CMD`, `ENTRYPOINT`, `ENV`, `EXPOSE`, ...).',
  },
  { name: 'platform', type: StringType, doc: 'The platform of the imported image, such as `linux/arm64`.' },
] as const satisfies readonly FieldSpec[];

export const DOCKER_IMPORT_SCHEMA: ComponentSchema<typeof DOCKER_IMPORT_FIELDS> = {
  kind: 'post-processor',
  type: 'docker-import',
  plugin: PLUGIN,
  doc: "Imports the tar file of a docker builder's `export_path` as an image (`docker import`).",
  fields: DOCKER_IMPORT_FIELDS,
};

export const DOCKER_TAG_FIELDS = [
  DOCKER_PATH,
  { name: 'repository', type: StringType, doc: 'The repository to tag the image into.' },
  { name: 'tags', type: STRINGS, doc: 'The tags to give the image; none tags the bare repository.' },
  {
    name: 'tag',
    type: STRINGS,
    doc: 'Old name of `tags`, still honoured (its tags come after those of `tags`); the run says it is deprecated.',
  },
  { name: 'force', type: BoolType, doc: 'Pass `--force` to `docker tag` (for old Docker versions).' },
] as const satisfies readonly FieldSpec[];

export const DOCKER_TAG_SCHEMA: ComponentSchema<typeof DOCKER_TAG_FIELDS> = {
  kind: 'post-processor',
  type: 'docker-tag',
  plugin: PLUGIN,
  doc: 'Tags the image of a docker build or import, once per tag; the input artifact is always kept.',
  fields: DOCKER_TAG_FIELDS,
};

export const DOCKER_PUSH_FIELDS = [
  DOCKER_PATH,
  loginField('Log in to the registry with `login_*` before pushing.'),
  LOGIN_USERNAME_FIELD,
  LOGIN_PASSWORD_FIELD,
  LOGIN_SERVER_FIELD,
  ecrLoginField(
    'Log in to Amazon ECR with AWS credentials (the `aws_*` options or the default chain); needs `login_server`.',
  ),
  { name: 'platform', type: StringType, doc: 'The platform to push, for multi-platform images.' },
  ...ECR_CREDENTIAL_FIELDS,
] as const satisfies readonly FieldSpec[];

function validateDockerPush(view: ConfigView<typeof DOCKER_PUSH_FIELDS>): ConfigProblem[] {
  if (goBool(view, 'ecr_login') === true && goString(view, 'login_server') === '') {
    return [{ message: 'ECR login requires login server to be provided.', field: 'ecr_login' }];
  }
  return [];
}

export const DOCKER_PUSH_SCHEMA: ComponentSchema<typeof DOCKER_PUSH_FIELDS> = {
  kind: 'post-processor',
  type: 'docker-push',
  plugin: PLUGIN,
  doc: 'Pushes the image of a docker-import or docker-tag step to its registry, logging in first if asked.',
  fields: DOCKER_PUSH_FIELDS,
  validate: validateDockerPush,
};

export const DOCKER_SAVE_FIELDS = [
  DOCKER_PATH,
  { name: 'path', type: StringType, doc: 'The tar file to write.' },
] as const satisfies readonly FieldSpec[];

export const DOCKER_SAVE_SCHEMA: ComponentSchema<typeof DOCKER_SAVE_FIELDS> = {
  kind: 'post-processor',
  type: 'docker-save',
  plugin: PLUGIN,
  doc: 'Saves the image of a docker-import or docker-tag step to a tar file (`docker save`).',
  fields: DOCKER_SAVE_FIELDS,
};

export const DOCKER_POST_PROCESSOR_SCHEMAS: readonly ComponentSchema[] = [
  DOCKER_IMPORT_SCHEMA,
  DOCKER_TAG_SCHEMA,
  DOCKER_PUSH_SCHEMA,
  DOCKER_SAVE_SCHEMA,
];
