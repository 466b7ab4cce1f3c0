import type { StepContext } from '../../../engine/types';
import type { DockerDriver, ImageInspection } from '../driver';
import { engineProblem } from '../engine-problem';
import { SOURCE_IMAGE_USER, updateDockerGenerated } from './state-keys';

/**
 * The source image's ID and digest (`build.SourceImageSha256`, `build.SourceImageDigest`) and the
 * user it runs as, recorded whether or not it was pulled, as the plugin does.
 */

export interface SourceInspection extends ImageInspection {
  /** The engine answered that it has no such image. */
  readonly missing: boolean;
}

/** Inspects the image; an unreachable engine is an error here, any other failure is reported later. */
export async function inspectSourceImage(
  driver: DockerDriver,
  image: string,
  signal: AbortSignal,
): Promise<SourceInspection> {
  const info = await driver.inspectImage(image, signal);
  const noEngine = !info.ok ? engineProblem(info.stderr, driver.host) : undefined;
  if (noEngine) throw noEngine;
  return { ...info, missing: !info.ok && /no such (image|object)/i.test(info.stderr) };
}

export function recordSourceImage(info: SourceInspection, ctx: StepContext): void {
  ctx.state.set(SOURCE_IMAGE_USER, info.user);
  if (info.ok && info.id) updateDockerGenerated(ctx.state, { SourceImageSha256: info.id });
  else ctx.ui.error(`Error determining source Docker image Id: ${info.stderr.trim()}`);
  // The plugin reports a missing digest as an error on every build of a local image; it is not
  // one (the build goes on), so it is a plain message here.
  if (info.ok && info.digest) updateDockerGenerated(ctx.state, { SourceImageDigest: info.digest });
  else
    ctx.ui.message(
      'No source image digest: this image may not have been pushed yet, which means no ' +
        'distribution digest has been created.',
    );
}
