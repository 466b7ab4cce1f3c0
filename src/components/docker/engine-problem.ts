/**
 * No separate "is there an engine?" call (each docker command costs a process start): the first
 * command's failure says so, and is turned into advice. Undefined when `stderr` says something else.
 */
export function engineProblem(stderr: string, host: string): Error | undefined {
  return /Cannot connect to the Docker daemon|error during connect|cannot run /i.test(stderr)
    ? new Error(
        `No Docker engine is reachable${host ? ` at DOCKER_HOST=${host}` : ''}: ${stderr.trim()}\n` +
          'Start Docker, or point DOCKER_HOST at a running engine (in a clone of Kiln on Debian: ' +
          '`bash test-env/install-deps.sh && bash test-env/start.sh && . /tmp/kiln-test-env/env.sh`).',
      )
    : undefined;
}
