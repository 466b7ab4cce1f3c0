import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DOCKER_BUILDER_SCHEMA } from '../../../src/components/docker/builder-schema';
import { componentFields } from '../../../src/schema/decode';
import type { ConfigProblem, FieldSpec } from '../../../src/schema/types';
import { type FakeValue, UNKNOWN, fakeView } from '../../support/config-view';
import { schemaProblems, shapeOf } from '../../support/schema-checks';

function check(data: Record<string, FakeValue>): ConfigProblem[] {
  return [
    ...(DOCKER_BUILDER_SCHEMA.validate?.(fakeView(componentFields(DOCKER_BUILDER_SCHEMA), data)) ?? []),
  ];
}
const messages = (data: Record<string, FakeValue>): string[] => check(data).map((p) => p.message);

const NO_IMAGE =
  "missing 'image' attribute or 'build' section, either needs to be specified for a build to run.";
const NO_ARTIFACT =
  'No instructions given for handling the artifact; expected commit, discard, or export_path';
const TOO_MANY = 'Cannot specify more than one of commit, discard, and export_path';

let dir: string;
let dockerfile: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-docker-schema-'));
  dockerfile = path.join(dir, 'Dockerfile');
  fs.writeFileSync(dockerfile, 'FROM scratch\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('docker builder declaration', () => {
  test('is well formed', () => {
    expect(schemaProblems(DOCKER_BUILDER_SCHEMA)).toEqual([]);
    expect([DOCKER_BUILDER_SCHEMA.kind, DOCKER_BUILDER_SCHEMA.type, DOCKER_BUILDER_SCHEMA.plugin]).toEqual([
      'builder',
      'docker',
      'github.com/hashicorp/docker',
    ]);
    expect(DOCKER_BUILDER_SCHEMA.communicator).toBe('docker');
  });

  test("declares exactly the options of the plugin's hcl2spec, with their types", () => {
    // builder/docker/config.hcl2spec.go and dockerfile_config.hcl2spec.go, without packer_* and communicator options.
    expect(shapeOf(DOCKER_BUILDER_SCHEMA.fields)).toEqual({
      build: {
        single: {
          path: 'string',
          build_dir: 'string',
          arguments: 'map(string)',
          pull: 'bool',
          compress: 'bool',
        },
      },
      author: 'string',
      changes: 'list(string)',
      commit: 'bool',
      container_dir: 'string',
      device: 'list(string)',
      discard: 'bool',
      cap_add: 'list(string)',
      cap_drop: 'list(string)',
      docker_path: 'string',
      exec_user: 'string',
      export_path: 'string',
      image: 'string',
      message: 'string',
      privileged: 'bool',
      pty: 'bool',
      runtime: 'string',
      pull: 'bool',
      run_command: 'list(string)',
      tmpfs: 'list(string)',
      volumes: 'map(string)',
      fix_upload_owner: 'bool',
      windows_container: 'bool',
      platform: 'string',
      login: 'bool',
      login_password: 'string',
      login_server: 'string',
      login_username: 'string',
      ecr_login: 'bool',
      aws_access_key: 'string',
      aws_secret_key: 'string',
      aws_token: 'string',
      aws_profile: 'string',
      aws_force_use_public_ecr: 'bool',
    });
  });

  test("has Packer's defaults and masks the secrets", () => {
    const fields: readonly FieldSpec[] = DOCKER_BUILDER_SCHEMA.fields;
    const defaults = Object.fromEntries(
      fields.filter((f) => f.default !== undefined).map((f) => [f.name, f.default]),
    );
    expect(defaults).toEqual({
      container_dir: '/packer-files',
      docker_path: 'docker',
      pull: true,
      run_command: ['-d', '-i', '-t', '--entrypoint=/bin/sh', '--', '{{.Image}}'],
      fix_upload_owner: true,
    });
    const sensitive = fields.filter((f) => f.sensitive).map((f) => f.name);
    expect(sensitive).toEqual(['login_password', 'aws_access_key', 'aws_secret_key', 'aws_token']);
  });
});

describe('docker builder checks', () => {
  test('an image and one artifact instruction pass', () => {
    expect(check({ image: 'ubuntu', commit: true })).toEqual([]);
    expect(check({ image: 'ubuntu', discard: true })).toEqual([]);
    expect(check({ image: 'ubuntu', export_path: path.join(dir, 'out.tar') })).toEqual([]);
  });

  test('nothing configured', () => {
    expect(messages({})).toEqual([NO_IMAGE, NO_ARTIFACT]);
  });

  test('more than one artifact instruction', () => {
    expect(messages({ image: 'i', commit: true, discard: true })).toEqual([TOO_MANY]);
    expect(messages({ image: 'i', commit: true, export_path: 'x.tar' })).toEqual([TOO_MANY]);
    expect(messages({ image: 'i', discard: true, export_path: 'x.tar' })).toEqual([TOO_MANY]);
    // false is as good as not written
    expect(messages({ image: 'i', commit: false, discard: true })).toEqual([]);
  });

  test('export_path must not be a directory', () => {
    expect(check({ image: 'i', export_path: dir })).toEqual([
      { message: 'export_path must be a file, not a directory', field: 'export_path' },
    ]);
  });

  test('ecr_login needs login_server', () => {
    expect(check({ image: 'i', commit: true, ecr_login: true })).toEqual([
      { message: 'ECR login requires login server to be provided.', field: 'ecr_login' },
    ]);
    expect(
      check({ image: 'i', commit: true, ecr_login: true, login_server: 'x.dkr.ecr.us-east-1.amazonaws.com' }),
    ).toEqual([]);
  });

  test('a build block replaces image', () => {
    expect(check({ build: { path: dockerfile }, commit: true })).toEqual([]);
    expect(check({ build: { path: dockerfile, build_dir: dir }, commit: true })).toEqual([]);
    expect(check({ build: { path: dockerfile }, image: 'ubuntu', commit: true })).toEqual([
      { message: '`image` cannot be specified with a build config', field: 'image' },
    ]);
  });

  test('an empty build block counts as no build', () => {
    expect(messages({ build: {}, commit: true })).toEqual([NO_IMAGE]);
    expect(messages({ build: { arguments: {} }, commit: true })).toEqual([NO_IMAGE]);
  });

  test('a build block without path', () => {
    expect(check({ build: { compress: true }, commit: true })).toEqual([
      { message: '`path` is required for bootstrapping a build with `docker build`', field: 'build' },
    ]);
    // Writing pull at all (even false) makes the block a build.
    expect(messages({ build: { pull: false }, commit: true })).toEqual([
      '`path` is required for bootstrapping a build with `docker build`',
    ]);
  });

  test("Dockerfile and build_dir problems, with Go's stat errors", () => {
    const missing = path.join(dir, 'nope');
    expect(messages({ build: { path: missing }, commit: true })).toEqual([
      `failed to stat file "${missing}": stat ${missing}: no such file or directory`,
    ]);
    expect(messages({ build: { path: dir }, commit: true })).toEqual([
      `dockerfile "${dir}" is not a regular file`,
    ]);
    expect(messages({ build: { path: dockerfile, build_dir: missing }, commit: true })).toEqual([
      `failed to stat build directory "${missing}": stat ${missing}: no such file or directory`,
    ]);
    expect(messages({ build: { path: dockerfile, build_dir: dockerfile }, commit: true })).toEqual([
      `specified build_dir "${dockerfile}" is not a directory`,
    ]);
  });

  test('pull = true with a build block is ignored, with a warning', () => {
    expect(check({ build: { path: dockerfile }, pull: true, commit: true })).toEqual([
      {
        severity: 'warning',
        message:
          'when running a bootstrap build, the `pull` option is ignored and is replaced by `build.pull` (true by default)',
        field: 'pull',
      },
    ]);
    // The default (true) is not a setting.
    expect(check({ build: { path: dockerfile }, commit: true })).toEqual([]);
  });

  test('unknown values are not judged', () => {
    expect(check({ image: UNKNOWN, commit: UNKNOWN })).toEqual([]);
    expect(check({ build: { path: UNKNOWN }, commit: true })).toEqual([]);
    expect(check({ image: 'i', export_path: UNKNOWN, commit: true })).toEqual([]);
    expect(check({ image: 'i', commit: true, ecr_login: true, login_server: UNKNOWN })).toEqual([]);
  });
});
