import { docker } from '../../communicators/docker/cli';
import type { LedgerResource } from '../../engine/types';
import type { RunFinder, Sweeper, SweepOutcome, SweepScope } from '../../engine/sweep';

/**
 * Removing the docker builder's containers, from the build's cleanup and from a sweep in another
 * process. The ledger keeps the engine's DOCKER_HOST with each one; a sweep always runs `docker`
 * (found on PATH), whatever an entry says: a ledger names what to delete, never a program to run.
 */

/** The program a sweep runs; the builder's `docker_path` only applies within the build. */
const SWEEP_DOCKER = 'docker';

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
export const sweepDockerImage: Sweeper = async (resource, signal, scope) =>
  removeImage(resource.id, sweepHost(resource, scope), SWEEP_DOCKER, signal);

export const sweepDockerContainer: Sweeper = async (resource, signal, scope) =>
  removeContainer(resource.id, sweepHost(resource, scope), SWEEP_DOCKER, signal);

/**
 * The engine a ledger entry's resource is on, once the entry is known to be one a build wrote: a
 * name or ID docker accepts (nothing it would read as an option) and a DOCKER_HOST URL. Entries of
 * older Kiln versions also named the docker executable; one naming any other program is refused.
 */
function sweepHost(resource: LedgerResource, scope: SweepScope): string {
  const { executable } = resource.data;
  if (executable !== undefined && executable !== SWEEP_DOCKER)
    throw new Error(
      `the ledger entry names a program to run (${JSON.stringify(executable)}); Kiln no longer runs ` +
        'programs a ledger names (an entry of an older Kiln, or one planted). Remove the ' +
        `${resource.kind === 'docker-image' ? 'image' : 'container'} by hand if it still exists, then delete the ledger.`,
    );
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:/@+-]*$/.test(resource.id))
    throw new Error(`the ledger entry's id ${JSON.stringify(resource.id)} is not a docker name or ID`);
  if (scope.dockerHost !== undefined) return scope.dockerHost;
  const host = resource.data.dockerHost ?? '';
  const problem = dockerHostProblem(host);
  if (problem !== undefined)
    throw new Error(`the ledger entry's Docker host ${JSON.stringify(host)} ${problem}`);
  return host;
}

/** Why a recorded DOCKER_HOST is not one a sweep connects to; undefined when it is ('' = the default). */
export function dockerHostProblem(host: string): string | undefined {
  if (host === '') return undefined;
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    return 'is not a URL';
  }
  if (!['unix:', 'tcp:', 'ssh:', 'npipe:', 'fd:'].includes(url.protocol))
    return `uses the scheme ${url.protocol.replace(/:$/, '')}, which is not a Docker host`;
  // ssh://-oProxyCommand=... would reach ssh as an option.
  if (url.protocol === 'ssh:' && (url.hostname.startsWith('-') || url.username.startsWith('-')))
    return 'is not a host name';
  if (/[\s\0]/.test(host)) return 'contains white space';
  return undefined;
}

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
    .map((id) => ({ id, kind: 'docker-container', data: { dockerHost } }));
};
