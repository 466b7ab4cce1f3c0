import * as fs from 'node:fs';

import type { Artifact, GeneratedData } from '../../engine/types';
import type { DockerDriver } from './driver';

/** What the docker builder produces: a committed image, or an exported tar file. */

/** Packer's BuilderId for committed images (what docker-tag and docker-push accept). */
export const DOCKER_IMPORT_BUILDER_ID = 'packer.post-processor.docker-import';
/** Packer's BuilderId for exported files (what docker-import accepts). */
export const DOCKER_BUILDER_ID = 'packer.docker';

export class DockerImageArtifact implements Artifact {
  readonly builderId = DOCKER_IMPORT_BUILDER_ID;
  readonly files: readonly string[] = [];
  readonly description: string;
  readonly state: Readonly<Record<string, unknown>>;

  constructor(
    readonly id: string,
    generated: GeneratedData,
    private readonly driver: DockerDriver,
  ) {
    this.description = `Imported Docker image: ${id}`;
    this.state = { generated_data: { ...generated } };
  }

  async destroy(): Promise<void> {
    // As the plugin's: an image that cannot be removed (a tag still uses it) is left alone.
    await this.driver.removeImage(this.id, new AbortController().signal).catch(() => undefined);
  }
}

export class DockerExportArtifact implements Artifact {
  readonly builderId = DOCKER_BUILDER_ID;
  readonly files: readonly string[];
  readonly description: string;
  readonly state: Readonly<Record<string, unknown>>;

  constructor(
    readonly id: string,
    generated: GeneratedData,
  ) {
    this.files = [id];
    this.description = `Exported Docker file: ${id}`;
    this.state = { generated_data: { ...generated } };
  }

  destroy(): Promise<void> {
    return fs.promises.rm(this.id, { force: true });
  }
}
