import * as fs from 'node:fs';
import * as path from 'node:path';

import { dockerOk } from '../../communicators/docker/cli';
import type { Artifact, PostProcessorRuntime } from '../../engine/types';
import { sharedView } from '../../schema/shared-view';
import type { ConfigView } from '../../schema/types';
import type {
  DOCKER_IMPORT_FIELDS,
  DOCKER_PUSH_FIELDS,
  DOCKER_SAVE_FIELDS,
  DOCKER_TAG_FIELDS,
} from './post-processor-schemas';
import { makeDirectory } from '../../engine/file-errors';
import { DOCKER_BUILDER_ID, DOCKER_IMPORT_BUILDER_ID } from './builder-runtime';
import type { RegistryLoginFields } from './login-fields';
import { registryLogin } from './registry-login';

/**
 * The docker post-processors (Packer's docker plugin): tag and push committed images, import an
 * exported file, save an image to a tar file. Each works on the artifact the previous one gave.
 */

export const DOCKER_TAG_BUILDER_ID = 'packer.post-processor.docker-tag';
export const DOCKER_SAVE_BUILDER_ID = 'packer.post-processor.docker-save';

class ImageArtifact implements Artifact {
  readonly files: readonly string[] = [];
  readonly description: string;

  constructor(
    readonly builderId: string,
    readonly id: string,
    readonly state: Readonly<Record<string, unknown>> = {},
  ) {
    this.description = `Imported Docker image: ${id}`;
  }

  async destroy(): Promise<void> {
    // Tags and imported images are left to the user, as Packer leaves them.
  }
}

class FileArtifact implements Artifact {
  readonly state = {};
  readonly files: readonly string[];
  readonly description: string;

  constructor(
    readonly builderId: string,
    readonly id: string,
  ) {
    this.files = [id];
    this.description = `Saved Docker image: ${id}`;
  }

  destroy(): Promise<void> {
    return fs.promises.rm(this.id, { force: true });
  }
}

function expect(input: Artifact, ids: readonly string[], type: string): void {
  if (!ids.includes(input.builderId)) {
    throw new Error(
      `Unknown artifact type: ${input.builderId}\nCan only ${type} from Docker builder artifacts.`,
    );
  }
}

function tagsOf(view: ConfigView<typeof DOCKER_TAG_FIELDS>): string[] {
  return [...(view.strings('tags') ?? []), ...(view.strings('tag') ?? [])];
}

export const DOCKER_TAG: PostProcessorRuntime<typeof DOCKER_TAG_FIELDS> = {
  type: 'docker-tag',
  async postProcess(config, input, ctx) {
    expect(input, [DOCKER_IMPORT_BUILDER_ID, DOCKER_TAG_BUILDER_ID], 'tag');
    const view = config.view;
    const repository = view.string('repository') ?? '';
    const tags = tagsOf(view);
    if (view.isSet('tag')) ctx.ui.say('Deprecation warning: "tag" option has been replaced with "tags".');
    const names = tags.length > 0 ? tags.map((t) => `${repository}:${t}`) : [repository];
    for (const name of names) {
      ctx.ui.message(`Tagging image: ${input.id}`);
      ctx.ui.message(`Repository: ${name}`);
      await dockerOk(['tag', input.id, name], { signal: ctx.signal });
    }
    return {
      artifact: new ImageArtifact(DOCKER_TAG_BUILDER_ID, names[0], { docker_tags: names }),
      keepInput: true,
      forceOverride: false,
    };
  },
};

export const DOCKER_PUSH: PostProcessorRuntime<typeof DOCKER_PUSH_FIELDS> = {
  type: 'docker-push',
  async postProcess(config, input, ctx) {
    expect(input, [DOCKER_IMPORT_BUILDER_ID, DOCKER_TAG_BUILDER_ID], 'push');
    const names = (input.state.docker_tags as string[] | undefined) ?? [input.id];
    const logout = await registryLogin(sharedView<RegistryLoginFields>()(config.view), ctx.ui, ctx.signal, {
      loginError: 'Error logging in to Docker',
    });
    try {
      for (const name of names) {
        ctx.ui.message(`Pushing: ${name}`);
        await dockerOk(['push', name], {
          signal: ctx.signal,
          stdout: (c) => {
            ctx.ui.output('stdout', c.toString('utf8'));
            return ctx.ui.outputBacklog?.();
          },
        });
      }
    } finally {
      await logout();
    }
    return { artifact: input, keepInput: true, forceOverride: false };
  },
};

export const DOCKER_IMPORT: PostProcessorRuntime<typeof DOCKER_IMPORT_FIELDS> = {
  type: 'docker-import',
  async postProcess(config, input, ctx) {
    expect(input, [DOCKER_BUILDER_ID], 'import');
    const view = config.view;
    const repository = view.string('repository') ?? '';
    const tag = view.string('tag');
    const name = tag ? `${repository}:${tag}` : repository;
    const args = ['import'];
    for (const change of view.strings('changes') ?? []) args.push('--change', change);
    const platform = view.string('platform');
    if (platform) args.push('--platform', platform);
    args.push(path.resolve(ctx.build.cwd, input.files[0] ?? ''), name);
    ctx.ui.message(`Importing image: ${input.id}`);
    ctx.ui.message(`Repository: ${name}`);
    const id = await dockerOk(args, { signal: ctx.signal });
    ctx.ui.message(`Imported ID: ${id}`);
    return {
      artifact: new ImageArtifact(DOCKER_IMPORT_BUILDER_ID, name),
      keepInput: false,
      forceOverride: false,
    };
  },
};

export const DOCKER_SAVE: PostProcessorRuntime<typeof DOCKER_SAVE_FIELDS> = {
  type: 'docker-save',
  async postProcess(config, input, ctx) {
    expect(input, [DOCKER_IMPORT_BUILDER_ID, DOCKER_TAG_BUILDER_ID], 'save');
    const file = config.view.string('path') ?? '';
    const target = path.resolve(ctx.build.cwd, file);
    makeDirectory(path.dirname(target));
    ctx.ui.message(`Saving image: ${input.id}`);
    await dockerOk(['save', '-o', target, input.id], { signal: ctx.signal });
    ctx.ui.message(`Saved to: ${file}`);
    return {
      artifact: new FileArtifact(DOCKER_SAVE_BUILDER_ID, file),
      keepInput: true,
      forceOverride: false,
    };
  },
};
