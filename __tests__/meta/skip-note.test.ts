import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * An integration test's skip note is one plain line saying what is missing and how to start it,
 * with no code frame: Jest's console.warn frame pointed at an unrelated (comment) line of the helper.
 */
describe('skip notes of integration tests', () => {
  it('print what is missing and how to start it, without a code frame', () => {
    const root = path.resolve(__dirname, '..', '..');
    const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: 'unix:///nonexistent/kiln-docker.sock' };
    delete env.CI;
    delete env.KILN_REQUIRE_INTEGRATION;
    const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
    const r = spawnSync(
      process.execPath,
      [jest, '--ci', path.join('__tests__', 'integration', 'docker-build.test.ts')],
      {
        cwd: root,
        env,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    const output = `${r.stdout}${r.stderr}`;
    expect(output).toMatch(
      /^skipped: docker builds: needs a Docker engine .*Start one with: bash test-env\/start\.sh/m,
    );
    expect(output).not.toContain('console.warn');
    expect(output).not.toMatch(/^\s+>?\s*\d+ \|/m);
  }, 90_000);
});
