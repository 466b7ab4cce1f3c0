import { docker } from '../../../communicators/docker/cli';
import type { Sweeper, SweepOutcome } from '../../../engine/sweep';

/**
 * Removing the docker builder's containers, from the build's cleanup and from a sweep in another
 * process (the ledger keeps the engine's DOCKER_HOST and the docker executable with each one).
 */

/** `docker rm -f -v`: 'gone' when there was no such container (the CLI may say so or say nothing). */
export async function removeContainer(
  container: string,
  dockerHost: string,
  executable: string,
  signal: AbortSignal,
): Promise<SweepOutcome> {
  const env = { ...process.env };
  if (dockerHost !== '') env.DOCKER_HOST = dockerHost;
  else delete env.DOCKER_HOST;
  const r = await docker(['rm', '-f', '-v', container], { signal, executable, env });
  if (r.code !== 0) {
    if (/No such container/i.test(r.stderr)) return 'gone';
    throw new Error(`Error removing container ${container}: ${r.stderr.trim() || `exit status ${r.code}`}`);
  }
  return r.stdout.trim() === '' ? 'gone' : 'deleted';
}

export const sweepDockerContainer: Sweeper = (resource, signal) =>
  removeContainer(resource.id, resource.data.dockerHost ?? '', resource.data.executable || 'docker', signal);
