import { docker } from '../../../communicators/docker/cli';
import type { RunFinder, Sweeper, SweepOutcome } from '../../../engine/sweep';

/**
 * Removing the docker builder's containers, from the build's cleanup and from a sweep in another
 * process (the ledger keeps the engine's DOCKER_HOST and the docker executable with each one).
 */

/** This process's environment pointed at the engine a resource was made on ('' = the default). */
function engineEnv(dockerHost: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (dockerHost !== '') env.DOCKER_HOST = dockerHost;
  else delete env.DOCKER_HOST;
  return env;
}

/** `docker rm -f -v`: 'gone' when there was no such container (the CLI may say so or say nothing). */
export async function removeContainer(
  container: string,
  dockerHost: string,
  executable: string,
  signal: AbortSignal,
): Promise<SweepOutcome> {
  const env = engineEnv(dockerHost);
  const r = await docker(['rm', '-f', '-v', container], { signal, executable, env });
  if (r.code !== 0) {
    if (/No such container/i.test(r.stderr)) return 'gone';
    throw new Error(`Error removing container ${container}: ${r.stderr.trim() || `exit status ${r.code}`}`);
  }
  return r.stdout.trim() === '' ? 'gone' : 'deleted';
}

/** `docker rmi`: 'gone' when there was no such image. */
export async function removeImage(
  image: string,
  dockerHost: string,
  executable: string,
  signal: AbortSignal,
): Promise<SweepOutcome> {
  const env = engineEnv(dockerHost);
  const r = await docker(['rmi', image], { signal, executable, env });
  if (r.code === 0) return 'deleted';
  if (/No such image/i.test(r.stderr)) return 'gone';
  throw new Error(`Error deleting image: exit status ${r.code}\nStderr: ${r.stderr}`);
}

/** The base image a Dockerfile `build` made for a build that discards its result. */
export const sweepDockerImage: Sweeper = (resource, signal) =>
  removeImage(resource.id, resource.data.dockerHost ?? '', resource.data.executable || 'docker', signal);

export const sweepDockerContainer: Sweeper = (resource, signal) =>
  removeContainer(resource.id, resource.data.dockerHost ?? '', resource.data.executable || 'docker', signal);

/**
 * The docker builder names its containers after the run (`kiln-<run ID>-<random>`): the run's tag,
 * which finds them even when their ledger is lost. Run IDs are UUIDs, valid in container names.
 */
export function runContainerPrefix(runId: string): string {
  return `kiln-${runId.replace(/[^a-zA-Z0-9_.-]/g, '')}-`;
}

/**
 * Containers of the run on the engine this process talks to (DOCKER_HOST). No docker CLI or no
 * engine means nothing of the run can be there: nothing is found.
 */
export const findRunContainers: RunFinder = async (runId, signal) => {
  const prefix = runContainerPrefix(runId);
  const r = await docker(['ps', '-a', '--filter', `name=${prefix}`, '--format', '{{.Names}}'], {
    signal,
    executable: 'docker',
  }).catch(() => undefined);
  if (r === undefined || r.code !== 0) return [];
  const dockerHost = process.env.DOCKER_HOST ?? '';
  return r.stdout
    .split('\n')
    .map((n) => n.trim())
    .filter((n) => n.startsWith(prefix))
    .map((id) => ({ id, kind: 'docker-container', data: { dockerHost, executable: 'docker' } }));
};
