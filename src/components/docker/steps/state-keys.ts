import { type StateBag, StateKey } from '../../../engine/types';
import type { DockerBuilderOptions } from '../options';

/** What the docker builder's steps leave for each other (Packer's state bag keys, typed). */

/** The host directory shared with the container at `container_dir`. */
export const SHARED_DIR = new StateKey<string>('temp_dir');
/** The image a Dockerfile `build` made (only once it exists). */
export const BUILT_IMAGE = new StateKey<string>('built_image');
/** The container's name, recorded in the ledger before `docker run` starts it. */
export const CONTAINER_NAME = new StateKey<string>('container_name');
/** The container's ID, once `docker run` said it. */
export const CONTAINER = new StateKey<string>('container_id');
/** The user the source image runs as ('' for none): the owner `fix_upload_owner` gives uploads to. */
export const SOURCE_IMAGE_USER = new StateKey<string>('source_image_user');
/** The engine lacked the image before `docker run` (which pulls it): inspect it once it runs. */
export const INSPECT_AFTER_RUN = new StateKey<boolean>('inspect_after_run');
/** The builder's own `build.*` values. */
export const DOCKER_GENERATED = new StateKey<DockerGenerated>('docker_generated_data');

/** Values provisioners see as `build.X` / `{{ .X }}`: the plugin's placeholders until known. */
export type DockerGenerated = Readonly<
  Record<'ImageSha256' | 'SourceImageDigest' | 'SourceImageSha256', string>
>;

const DEFAULT_GENERATED: DockerGenerated = {
  ImageSha256: 'ERR_IMAGE_SHA256_NOT_FOUND',
  SourceImageDigest: 'ERR_SOURCE_IMAGE_DIGEST_NOT_FOUND',
  SourceImageSha256: 'ERR_SOURCE_IMAGE_SHA256_NOT_FOUND',
};

export function dockerGenerated(state: StateBag): DockerGenerated {
  return state.get(DOCKER_GENERATED) ?? DEFAULT_GENERATED;
}

export function updateDockerGenerated(state: StateBag, values: Partial<DockerGenerated>): void {
  state.set(DOCKER_GENERATED, { ...dockerGenerated(state), ...values });
}

/** The image the container runs: the one a Dockerfile build made, else `image`. */
export function runImage(state: StateBag, options: DockerBuilderOptions): string {
  return state.get(BUILT_IMAGE) ?? options.image;
}
