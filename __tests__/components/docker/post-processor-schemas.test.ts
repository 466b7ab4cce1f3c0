import { DOCKER_BUILDER_SCHEMA } from '../../../src/components/docker/builder-schema';
import {
  DOCKER_IMPORT_SCHEMA,
  DOCKER_POST_PROCESSOR_SCHEMAS,
  DOCKER_PUSH_SCHEMA,
  DOCKER_SAVE_SCHEMA,
  DOCKER_TAG_SCHEMA,
} from '../../../src/components/docker/post-processor-schemas';
import { DOCKER_SCHEMAS } from '../../../src/components/docker/schemas';
import type { ComponentSchema, ConfigProblem, FieldSpec } from '../../../src/schema/types';
import { type FakeValue, UNKNOWN, fakeView } from '../../support/config-view';
import { schemaProblems, shapeOf } from '../../support/schema-checks';

function check(schema: ComponentSchema, data: Record<string, FakeValue>): ConfigProblem[] {
  return [...(schema.validate?.(fakeView(schema.fields, data)) ?? [])];
}

describe('docker post-processor declarations', () => {
  test('are docker-import, docker-tag, docker-push and docker-save, well formed', () => {
    expect(DOCKER_POST_PROCESSOR_SCHEMAS.map((s) => [s.kind, s.type, s.plugin])).toEqual([
      ['post-processor', 'docker-import', 'github.com/hashicorp/docker'],
      ['post-processor', 'docker-tag', 'github.com/hashicorp/docker'],
      ['post-processor', 'docker-push', 'github.com/hashicorp/docker'],
      ['post-processor', 'docker-save', 'github.com/hashicorp/docker'],
    ]);
    for (const schema of DOCKER_POST_PROCESSOR_SCHEMAS) expect(schemaProblems(schema)).toEqual([]);
  });

  test("declare exactly the options of the plugin's hcl2spec", () => {
    expect(shapeOf(DOCKER_IMPORT_SCHEMA.fields)).toEqual({
      docker_path: 'string',
      repository: 'string',
      tag: 'string',
      changes: 'list(string)',
      platform: 'string',
    });
    expect(shapeOf(DOCKER_TAG_SCHEMA.fields)).toEqual({
      docker_path: 'string',
      repository: 'string',
      tag: 'list(string)',
      tags: 'list(string)',
      force: 'bool',
    });
    expect(shapeOf(DOCKER_PUSH_SCHEMA.fields)).toEqual({
      docker_path: 'string',
      login: 'bool',
      login_username: 'string',
      login_password: 'string',
      login_server: 'string',
      ecr_login: 'bool',
      platform: 'string',
      aws_access_key: 'string',
      aws_secret_key: 'string',
      aws_token: 'string',
      aws_profile: 'string',
      aws_force_use_public_ecr: 'bool',
    });
    expect(shapeOf(DOCKER_SAVE_SCHEMA.fields)).toEqual({ docker_path: 'string', path: 'string' });
  });

  test('secrets are masked; docker_path defaults to docker', () => {
    const sensitive = DOCKER_PUSH_SCHEMA.fields.filter((f: FieldSpec) => f.sensitive).map((f) => f.name);
    expect(sensitive).toEqual(['login_password', 'aws_access_key', 'aws_secret_key', 'aws_token']);
    for (const schema of DOCKER_POST_PROCESSOR_SCHEMAS) {
      expect(schema.fields.find((f) => f.name === 'docker_path')?.default).toBe('docker');
    }
  });

  test("Packer's Configure requires neither repository nor path (they fail at run time)", () => {
    for (const schema of DOCKER_POST_PROCESSOR_SCHEMAS) {
      expect(schema.fields.filter((f) => f.required).map((f) => f.name)).toEqual([]);
      expect(check(schema, {})).toEqual([]);
    }
  });

  test('DOCKER_SCHEMAS is the builder and the post-processors', () => {
    expect(DOCKER_SCHEMAS).toEqual([DOCKER_BUILDER_SCHEMA, ...DOCKER_POST_PROCESSOR_SCHEMAS]);
  });
});

describe('docker-push checks', () => {
  test('ecr_login needs login_server', () => {
    expect(check(DOCKER_PUSH_SCHEMA, { ecr_login: true })).toEqual([
      { message: 'ECR login requires login server to be provided.', field: 'ecr_login' },
    ]);
    expect(check(DOCKER_PUSH_SCHEMA, { ecr_login: true, login_server: '' })).toHaveLength(1);
    expect(
      check(DOCKER_PUSH_SCHEMA, { ecr_login: true, login_server: '1.dkr.ecr.us-east-1.amazonaws.com' }),
    ).toEqual([]);
    expect(check(DOCKER_PUSH_SCHEMA, { ecr_login: false })).toEqual([]);
    expect(check(DOCKER_PUSH_SCHEMA, { ecr_login: true, login_server: UNKNOWN })).toEqual([]);
  });
});
