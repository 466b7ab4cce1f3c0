import { type SpawnSyncReturns, spawnSync } from 'child_process';

/**
 * Real services for integration tests. Under CI=true or KILN_REQUIRE_INTEGRATION=1 a missing
 * service fails the test; elsewhere the test is skipped with a note saying how to start it.
 */

/** Runs the docker CLI (against DOCKER_HOST as the test environment sets it) and returns its result. */
export function docker(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync('docker', args, { encoding: 'utf8' });
}

/** Runs the docker CLI and returns its trimmed standard output; throws with its stderr when it fails. */
export function dockerOut(...args: string[]): string {
  const r = docker(...args);
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

export function integrationRequired(): boolean {
  return process.env.CI === 'true' || process.env.KILN_REQUIRE_INTEGRATION === '1';
}

/** Whether `docker` reaches an engine (DOCKER_HOST as set by test-env/start.sh) with `image`. */
export function dockerAvailable(image: string): { ok: true } | { ok: false; why: string } {
  const info = spawnSync('docker', ['image', 'inspect', image], { encoding: 'utf8' });
  if (info.error) return { ok: false, why: `docker CLI not found (${info.error.message})` };
  if (info.status !== 0)
    return { ok: false, why: info.stderr.trim() || `docker image inspect ${image} failed` };
  return { ok: true };
}

/**
 * `describe` for tests that need Docker with `image`: runs them when it is there; otherwise fails
 * (CI) or skips them with how to start it.
 */
export function describeWithDocker(title: string, image: string, body: () => void): void {
  const available = dockerAvailable(image);
  if (available.ok) {
    describe(title, body);
    return;
  }
  const message = `${title}: needs a Docker engine with ${image} (${available.why}). Start one with: bash test-env/start.sh && . \${KILN_TEST_ENV:-/tmp/kiln-test-env}/env.sh`;
  if (integrationRequired()) {
    describe(title, () => {
      it('has its Docker engine', () => {
        throw new Error(message);
      });
    });
  } else {
    // Written directly: console.warn would add a code frame, and with tsconfig.json's source maps off
    // Jest places it on a compiled line that shows an unrelated line of this file.
    process.stderr.write(`skipped: ${message}\n`);
    describe.skip(title, body);
  }
}

/**
 * Images committed from any of these containers (full IDs): how a test sees whether a build of its
 * own made an image, even while other test files build images on the same engine.
 */
export function imagesCommittedFrom(containerIds: readonly string[]): string[] {
  if (containerIds.length === 0) return [];
  const all = spawnSync('docker', ['images', '-aq', '--no-trunc'], { encoding: 'utf8' }).stdout.trim();
  if (all === '') return [];
  const r = spawnSync(
    'docker',
    ['image', 'inspect', '--format', '{{.Id}} {{.Container}}', ...all.split('\n')],
    {
      encoding: 'utf8',
    },
  );
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .filter(([, from]) => from !== undefined && containerIds.some((c) => c !== '' && from.startsWith(c)))
    .map(([id]) => id);
}

/** The container IDs a build printed (`Container ID: ...`), from its output text. */
export function printedContainerIds(output: string): string[] {
  return [...output.matchAll(/Container ID: ([0-9a-f]{12,64})/g)].map((m) => m[1]);
}

/** IDs of the containers of a run, whatever their state ('' when none): the docker builder names them kiln-<run ID>-*. */
export function containersOf(runId: string): string {
  return spawnSync('docker', ['ps', '-aq', '--filter', `name=kiln-${runId}-`], {
    encoding: 'utf8',
  }).stdout.trim();
}
