import * as fs from 'node:fs';
import * as path from 'node:path';

import { DOCKER_BUILDER_ID, DOCKER_IMPORT_BUILDER_ID } from '../../../src/components/docker/artifacts';
import {
  DOCKER_IMPORT,
  DOCKER_PUSH,
  DOCKER_SAVE,
  DOCKER_TAG,
} from '../../../src/components/docker/post-processor-runtimes';
import {
  DOCKER_IMPORT_SCHEMA,
  DOCKER_PUSH_SCHEMA,
  DOCKER_SAVE_SCHEMA,
  DOCKER_TAG_SCHEMA,
} from '../../../src/components/docker/post-processor-schemas';
import type { Artifact } from '../../../src/engine/types';
import { decode } from '../../support/component-decode';
import { fakeStepContext } from '../../support/engine-fakes';
import { tempDir } from '../../support/temp';

/**
 * The docker post-processors run the docker executable `docker_path` names (as the plugin's
 * post-processors do since they gained the option), against a stand-in that logs its arguments; and
 * they refuse an artifact of another kind in the plugin's words, docker-import taking artifice's
 * artifacts too.
 */

let dir: string;
let log: string;
let executable: string;

beforeAll(() => {
  dir = tempDir('kiln-docker-pp-');
  log = path.join(dir, 'args.log');
  executable = path.join(dir, 'my-docker');
  fs.writeFileSync(
    executable,
    ['#!/bin/sh', `printf '%s\\n' "$*" >> '${log}'`, 'echo sha256:imported', ''].join('\n'),
    { mode: 0o755 },
  );
});
beforeEach(() => fs.rmSync(log, { force: true }));

function ran(): string[] {
  return fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
}

function artifact(builderId: string, id: string, files: readonly string[] = []): Artifact {
  return { builderId, id, files, description: '', state: {}, destroy: () => Promise.resolve() };
}

const ctx = () => fakeStepContext({ build: { cwd: dir } });

test('docker-tag, docker-push, docker-import and docker-save run docker_path', async () => {
  const image = artifact(DOCKER_IMPORT_BUILDER_ID, 'sha256:abc');
  const tag = decode(DOCKER_TAG_SCHEMA, `docker_path = "${executable}"\nrepository = "r"\ntags = ["1"]`);
  await DOCKER_TAG.postProcess(tag, image, ctx());
  const push = decode(DOCKER_PUSH_SCHEMA, `docker_path = "${executable}"`);
  await DOCKER_PUSH.postProcess(push, image, ctx());
  const save = decode(DOCKER_SAVE_SCHEMA, `docker_path = "${executable}"\npath = "out/img.tar"`);
  await DOCKER_SAVE.postProcess(save, image, ctx());
  const imp = decode(DOCKER_IMPORT_SCHEMA, `docker_path = "${executable}"\nrepository = "r"`);
  await DOCKER_IMPORT.postProcess(imp, artifact(DOCKER_BUILDER_ID, 'c0ffee', ['x.tar']), ctx());
  expect(ran()).toEqual([
    'tag sha256:abc r:1',
    'push sha256:abc',
    `save -o ${path.join(dir, 'out/img.tar')} sha256:abc`,
    `import ${path.join(dir, 'x.tar')} r`,
  ]);
});

test("docker-import takes the artifice post-processor's artifacts", async () => {
  const imp = decode(DOCKER_IMPORT_SCHEMA, `docker_path = "${executable}"\nrepository = "r"`);
  const files = artifact('packer.post-processor.artifice', 'a', ['a.tar']);
  await expect(DOCKER_IMPORT.postProcess(imp, files, ctx())).resolves.toMatchObject({
    artifact: { id: 'r' },
  });
});

test("an artifact of another kind is refused in the plugin's words", async () => {
  const other = artifact('mitchellh.amazonebs', 'ami-1');
  const cases: [Promise<unknown>, string][] = [
    [
      DOCKER_TAG.postProcess(decode(DOCKER_TAG_SCHEMA, 'repository = "r"'), other, ctx()),
      'Can only tag from Docker builder artifacts.',
    ],
    [
      DOCKER_PUSH.postProcess(decode(DOCKER_PUSH_SCHEMA, ''), other, ctx()),
      'Can only import from docker-import and docker-tag artifacts.',
    ],
    [
      DOCKER_SAVE.postProcess(decode(DOCKER_SAVE_SCHEMA, 'path = "x"'), other, ctx()),
      'Can only save Docker builder artifacts.',
    ],
    [
      DOCKER_IMPORT.postProcess(decode(DOCKER_IMPORT_SCHEMA, 'repository = "r"'), other, ctx()),
      'Can only import from Docker builder and Artifice post-processor artifacts. If you are getting ' +
        'this error after having run the docker builder, it may be because you set commit: true in ' +
        'your Docker builder, so the image is already imported. ',
    ],
  ];
  for (const [run, only] of cases) {
    await expect(run).rejects.toThrow(`Unknown artifact type: mitchellh.amazonebs\n${only}`);
  }
  expect(ran()).toEqual([]);
});
