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
import { ARTIFICE_BUILDER_ID } from '../core/checksum-runtime';
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

/** Refuses an artifact of another kind with the plugin's words (`only` ends its message). */
function expect(input: Artifact, ids: readonly string[], only: string): void {
  if (!ids.includes(input.builderId)) throw new Error(`Unknown artifact type: ${input.builderId}\n${only}`);
}

/** `docker_path`: the docker executable each post-processor runs ("docker" when empty, as the plugin). */
function executable(dockerPath: string | undefined): string {
  return dockerPath || 'docker';
}

function tagsOf(view: ConfigView<typeof DOCKER_TAG_FIELDS>): string[] {
  return [...(view.strings('tags') ?? []), ...(view.strings('tag') ?? [])];
}

export const DOCKER_TAG: PostProcessorRuntime<typeof DOCKER_TAG_FIELDS> = {
  type: 'docker-tag',
  async postProcess(config, input, ctx) {
    expect(
      input,
      [DOCKER_IMPORT_BUILDER_ID, DOCKER_TAG_BUILDER_ID],
      'Can only tag from Docker builder artifacts.',
    );
    const view = config.view;
    const repository = view.string('repository') ?? '';
    const tags = tagsOf(view);
    if (view.isSet('tag')) ctx.ui.say('Deprecation warning: "tag" option has been replaced with "tags".');
    const names = tags.length > 0 ? tags.map((t) => `${repository}:${t}`) : [repository];
    for (const name of names) {
      ctx.ui.message(`Tagging image: ${input.id}`);
      ctx.ui.message(`Repository: ${name}`);
      await dockerOk(['tag', input.id, name], {
        signal: ctx.signal,
        executable: executable(view.string('docker_path')),
      });
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
    expect(
      input,
      [DOCKER_IMPORT_BUILDER_ID, DOCKER_TAG_BUILDER_ID],
      'Can only import from docker-import and docker-tag artifacts.',
    );
    const names = (input.state.docker_tags as string[] | undefined) ?? [input.id];
    const logout = await registryLogin(sharedView<RegistryLoginFields>()(config.view), ctx.ui, ctx.signal, {
      loginError: 'Error logging in to Docker',
      executable: executable(config.view.string('docker_path')),
    });
    try {
      for (const name of names) {
        ctx.ui.message(`Pushing: ${name}`);
        await dockerOk(['push', name], {
          signal: ctx.signal,
          executable: executable(config.view.string('docker_path')),
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
    expect(
      input,
      [DOCKER_BUILDER_ID, ARTIFICE_BUILDER_ID],
      'Can only import from Docker builder and Artifice post-processor artifacts. If you are getting ' +
        'this error after having run the docker builder, it may be because you set commit: true in ' +
        'your Docker builder, so the image is already imported. ',
    );
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
    const id = await dockerOk(args, {
      signal: ctx.signal,
      executable: executable(view.string('docker_path')),
    });
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
    expect(
      input,
      [DOCKER_IMPORT_BUILDER_ID, DOCKER_TAG_BUILDER_ID],
      'Can only save Docker builder artifacts.',
    );
    const file = config.view.string('path') ?? '';
    const target = path.resolve(ctx.build.cwd, file);
    makeDirectory(path.dirname(target));
    ctx.ui.message(`Saving image: ${input.id}`);
    await dockerOk(['save', '-o', target, input.id], {
      signal: ctx.signal,
      executable: executable(config.view.string('docker_path')),
    });
    ctx.ui.message(`Saved to: ${file}`);
    return {
      artifact: new FileArtifact(DOCKER_SAVE_BUILDER_ID, file),
      keepInput: true,
      forceOverride: false,
    };
  },
};
