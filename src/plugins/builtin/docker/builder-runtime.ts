import * as fs from 'node:fs';
import * as path from 'node:path';

import { docker, dockerOk } from '../../../communicators/docker/cli';
import { DockerCommunicator } from '../../../communicators/docker/communicator';
import { builderStepsOptions, runSteps } from '../../../engine/steps';
import {
  type Artifact,
  type BuilderRuntime,
  type Step,
  type StepContext,
  StateKey,
} from '../../../engine/types';
import { renderGoTemplate } from '../../../template/interpolation/index';
import type { ConfigView } from '../../schema/types';
import { DEFAULT_RUN_COMMAND } from './builder-schema';

/**
 * The `docker` builder, as Packer's docker plugin runs it through the docker CLI: pull (when
 * asked), run a container from `image` with `run_command`, provision it over `docker exec`, then
 * commit it to an image, export its filesystem to a tar file, or discard it. The container is
 * recorded in the ledger the moment it exists and removed on every outcome.
 */

/** Packer's BuilderId for committed images (what docker-tag and docker-push accept). */
export const DOCKER_IMPORT_BUILDER_ID = 'packer.post-processor.docker-import';
export const DOCKER_BUILDER_ID = 'packer.docker';

const CONTAINER = new StateKey<string>('container_id');

class DockerImageArtifact implements Artifact {
  readonly builderId = DOCKER_IMPORT_BUILDER_ID;
  readonly files: readonly string[] = [];
  readonly description: string;
  readonly state: Readonly<Record<string, unknown>>;

  constructor(readonly id: string) {
    this.description = `Imported Docker image: ${id}`;
    this.state = { generated_data: { ImageSha256: id } };
  }

  async destroy(): Promise<void> {
    await docker(['rmi', this.id], { signal: new AbortController().signal });
  }
}

class DockerExportArtifact implements Artifact {
  readonly builderId = DOCKER_BUILDER_ID;
  readonly state = {};
  readonly files: readonly string[];
  readonly description: string;

  constructor(readonly id: string) {
    this.files = [id];
    this.description = `Exported Docker file: ${id}`;
  }

  destroy(): Promise<void> {
    return fs.promises.rm(this.id, { force: true });
  }
}

function runArguments(view: ConfigView, image: string): string[] {
  const args = ['run'];
  if (view.bool('privileged')) args.push('--privileged');
  const platform = view.string('platform');
  if (platform) args.push('--platform', platform);
  for (const cap of view.strings('cap_add') ?? []) args.push('--cap-add', cap);
  for (const cap of view.strings('cap_drop') ?? []) args.push('--cap-drop', cap);
  for (const t of view.strings('tmpfs') ?? []) args.push('--tmpfs', t);
  for (const d of view.strings('device') ?? []) args.push('--device', d);
  const runtime = view.string('runtime');
  if (runtime) args.push('--runtime', runtime);
  for (const [host, container] of Object.entries(view.stringMap('volumes') ?? {}))
    args.push('-v', `${host}:${container}`);
  const command = view.isSet('run_command') ? (view.strings('run_command') ?? []) : DEFAULT_RUN_COMMAND;
  for (const part of command) {
    const r = renderGoTemplate(part, { data: { Image: image } });
    if (!r.ok) throw new Error(`Error preparing run command: ${r.message}`);
    args.push(r.value);
  }
  return args;
}

export const DOCKER_BUILDER: BuilderRuntime = {
  type: 'docker',
  async run(config, ctx, provision) {
    const view = config.view;
    const image = view.string('image') ?? '';
    const host = process.env.DOCKER_HOST ?? '';
    let result: Artifact | undefined;
    const steps: Step[] = [
      {
        name: 'check docker',
        async run(c) {
          const r = await docker(['version', '--format', '{{.Server.Version}}'], { signal: c.signal }).catch(
            (e: unknown) => ({ code: -1, stderr: e instanceof Error ? e.message : String(e) }),
          );
          if (r.code !== 0) {
            throw new Error(
              `No Docker engine is reachable${host ? ` at DOCKER_HOST=${host}` : ''}: ${r.stderr.trim()}\n` +
                'Start Docker, or point DOCKER_HOST at a running engine (in a clone of Kiln on Debian: ' +
                '`bash test-env/install-deps.sh && bash test-env/start.sh && . /tmp/kiln-test-env/env.sh`).',
            );
          }
        },
      },
    ];
    if (view.bool('pull') !== false) {
      steps.push({
        name: 'pull',
        async run(c) {
          c.ui.say(`Pulling Docker image: ${image}`);
          await dockerOk(['pull', image], {
            signal: c.signal,
            stdout: (b) => c.ui.message(b.toString('utf8')),
          });
        },
      });
    }
    steps.push({
      name: 'run container',
      async run(c) {
        c.ui.say('Starting docker container...');
        const args = runArguments(view, image);
        // A name with the run ID lets a sweeper find the run's containers even without the ledger;
        // a label would end up in the committed image.
        args.splice(
          1,
          0,
          '--name',
          `kiln-${c.build.runId.slice(0, 8)}-${Math.random().toString(36).slice(2, 10)}`,
        );
        c.ui.message(`Run command: docker ${args.join(' ')}`);
        const id = await dockerOk(args, { signal: c.signal });
        c.ledger.record({ id, kind: 'docker-container', data: { dockerHost: host } });
        c.state.set(CONTAINER, id);
        c.ui.message(`Container ID: ${id}`);
      },
      async cleanup(c) {
        const id = c.state.get(CONTAINER);
        if (id === undefined) return;
        c.ui.say(`Killing the container: ${id}`);
        const r = await docker(['rm', '-f', id], { signal: new AbortController().signal });
        if (r.code !== 0 && !/No such container/i.test(r.stderr)) throw new Error(r.stderr.trim());
        c.ledger.release(id);
      },
    });
    steps.push({
      name: 'provision',
      run: (c: StepContext) => {
        const id = c.state.require(CONTAINER);
        return provision(
          new DockerCommunicator(id, view.string('exec_user') || undefined),
          { ID: id, ConnType: 'docker' },
          c,
        );
      },
    });
    if (view.bool('commit')) {
      steps.push({
        name: 'commit',
        async run(c) {
          c.ui.say('Committing the container');
          const args = ['commit'];
          for (const change of view.strings('changes') ?? []) args.push('--change', change);
          const author = view.string('author');
          if (author) args.push('--author', author);
          const message = view.string('message');
          if (message) args.push('--message', message);
          args.push(c.state.require(CONTAINER));
          const imageId = await dockerOk(args, { signal: c.signal });
          c.ui.message(`Image ID: ${imageId}`);
          result = new DockerImageArtifact(imageId);
        },
      });
    } else if (view.string('export_path')) {
      const exportPath = view.string('export_path') as string;
      steps.push({
        name: 'export',
        async run(c) {
          const target = path.resolve(c.build.cwd, exportPath);
          c.ui.say('Exporting the container');
          fs.mkdirSync(path.dirname(target), { recursive: true });
          const out = fs.createWriteStream(target);
          try {
            await dockerOk(['export', c.state.require(CONTAINER)], { signal: c.signal, stdout: out });
          } finally {
            await new Promise((resolve) => out.end(resolve));
          }
          result = new DockerExportArtifact(exportPath);
        },
      });
    }
    const r = await runSteps(steps, ctx, builderStepsOptions(ctx));
    if (r.outcome !== 'success') throw r.error;
    return result;
  },
};
