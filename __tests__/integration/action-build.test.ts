import * as fs from 'fs';
import * as path from 'path';

import { runMain, runPost, startMain, useActionWorkspace } from '../support/action';
import {
  containersOf,
  describeWithDocker,
  imagesCommittedFrom,
  printedContainerIds,
  docker,
} from '../support/services';

/**
 * The action bundle (dist/index.js, then dist/post/index.js) building on a real Docker engine as a
 * runner would run it: outputs parsed and checked against what really exists; a build SIGKILLed in
 * the middle leaves nothing once the post step has run; a SIGINT cleans up at once.
 */

const IMAGE = 'kiln-test/busybox:latest';
describeWithDocker('the action building with Docker', IMAGE, () => {
  jest.setTimeout(90_000);
  const ws = useActionWorkspace('kiln-action-build-', ['images']);

  it('builds, tags and records the image; outputs, groups and summary describe it', () => {
    const tag = `kiln-action-test/app-${process.pid}`;
    fs.writeFileSync(
      path.join(ws.workspace, 'images', 'app.pkr.hcl'),
      `variable "greeting" {\n  type = string\n}\n\n` +
        `source "docker" "app" {\n  image   = "${IMAGE}"\n  pull    = false\n  commit  = true\n  changes = ["ENTRYPOINT [\\"cat\\", \\"/greeting\\"]"]\n}\n\n` +
        `source "docker" "tools" {\n  image   = "${IMAGE}"\n  pull    = false\n  discard = true\n}\n\n` +
        'build {\n  sources = ["source.docker.app", "source.docker.tools"]\n\n' +
        '  provisioner "shell" {\n    inline = ["echo ${var.greeting} > /greeting"]\n  }\n\n' +
        `  post-processors {\n    post-processor "docker-tag" {\n      only       = ["docker.app"]\n      repository = "${tag}"\n      tags       = ["v1"]\n    }\n` +
        '    post-processor "manifest" {\n      output = "out/manifest.json"\n    }\n  }\n}\n',
    );
    const r = runMain(ws, {
      command: 'build',
      'working-directory': 'images',
      template: 'app.pkr.hcl',
      variables: 'greeting=hello from the action',
      color: 'false',
    });
    try {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.outputs['exit-code']).toBe('0');
      expect(JSON.parse(r.outputs['failed-builds'])).toEqual([]);
      const ids = JSON.parse(r.outputs['artifact-ids']) as Record<string, string>;
      // docker.tools discards its container: no artifact, so no post-processor runs for it.
      expect(Object.keys(ids)).toEqual(['docker.app']);
      expect(ids['docker.app']).toBe(`${tag}:v1`);
      const artifacts = JSON.parse(r.outputs.artifacts) as {
        build: string;
        type: string;
        name: string;
        amis: object;
      }[];
      expect(artifacts.find((a) => a.build === 'docker.app')).toMatchObject({
        type: 'docker',
        name: 'app',
        amis: {},
      });
      expect(JSON.parse(r.outputs['ami-ids'])).toEqual({});
      // The image is real and holds what the provisioner wrote.
      expect(docker('run', '--rm', `${tag}:v1`).stdout).toBe('hello from the action\n');
      // The manifest output names the file the manifest post-processor wrote.
      expect(r.outputs.manifest).toBe(path.join(ws.workspace, 'images', 'out', 'manifest.json'));
      const manifest = JSON.parse(fs.readFileSync(r.outputs.manifest, 'utf8')) as {
        builds: { name: string }[];
      };
      expect(manifest.builds.map((b) => b.name)).toEqual(['app']);
      // One whole group per build, each line prefixed as the CLI prefixes it.
      const groups = r.stdout.split('\n').filter((l) => l.startsWith('::group::'));
      expect(groups.sort()).toEqual(["::group::Build 'docker.app'", "::group::Build 'docker.tools'"]);
      const appGroup = r.stdout
        .slice(r.stdout.indexOf("::group::Build 'docker.app'"))
        .split('::endgroup::')[0];
      expect(appGroup).toContain('==> docker.app: Committing the container');
      expect(appGroup).not.toContain('docker.tools:');
      expect(r.stdout).toContain('==> Builds finished. The artifacts of successful builds are:');
      // The summary: the table and a timeline with the steps of both builds.
      expect(r.summary).toContain('## ✅ Kiln build succeeded');
      expect(r.summary).toContain(`| \`docker.app\` | ✅ succeeded |`);
      expect(r.summary).toMatch(/section docker\.app\n(.*\n)*? {4}provisioner shell :\d+, \d+\n/);
      expect(r.summary).toContain('Manifest: `images/out/manifest.json`');
      // Builds that finished cleanly leave nothing for the post step.
      const post = runPost(ws, r.state);
      expect(post.stdout).toContain('Kiln: nothing was left behind by this run.');
      expect(fs.readdirSync(ws.runnerTemp).filter((n) => n.startsWith('kiln-build-'))).toEqual([]);
    } finally {
      docker('rmi', '-f', `${tag}:v1`);
    }
  });

  describe('killed or cancelled in the middle of a build', () => {
    beforeEach(() => {
      fs.writeFileSync(
        path.join(ws.workspace, 'images', 'slow.pkr.hcl'),
        `source "docker" "slow" {\n  image  = "${IMAGE}"\n  pull   = false\n  commit = true\n}\n\n` +
          'build {\n  sources = ["source.docker.slow"]\n  provisioner "shell" {\n    inline = ["echo started", "sleep 60"]\n  }\n}\n',
      );
    });

    it('SIGKILL: the post step deletes the container and temp files of that run, and nothing else', async () => {
      const main = startMain(ws, { template: 'images/slow.pkr.hcl', color: 'false' });
      await main.waitFor('docker.slow: started');
      process.kill(-(main.child.pid as number), 'SIGKILL');
      const killed = await main.finished();
      const runId = killed.state['run-id'];
      expect(runId).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.parse(killed.state.ledgers)).toHaveLength(1);
      expect(containersOf(runId)).not.toBe('');
      expect(fs.readdirSync(ws.runnerTemp).filter((n) => n.startsWith('kiln-build-'))).toHaveLength(1);

      const post = runPost(ws, killed.state);
      expect(post.code).toBe(0);
      expect(post.stdout).toMatch(/Kiln: docker-container kiln-\S+: deleted/);
      expect(post.stdout).toContain('Kiln: cleaned up 1 resource(s) left by a cancelled or killed build.');
      expect(containersOf(runId)).toBe('');
      expect(fs.readdirSync(ws.runnerTemp).filter((n) => n.startsWith('kiln-build-'))).toEqual([]);
      const containers = printedContainerIds(killed.stdout);
      expect(containers).toHaveLength(1);
      expect(imagesCommittedFrom(containers)).toEqual([]);

      // Run again (a re-run of the post step): nothing left, and still no failure.
      const again = runPost(ws, killed.state);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('Kiln: nothing was left behind by this run.');
    });

    it("SIGKILL with the ledger lost: the post step finds the run's container by its name", async () => {
      const main = startMain(ws, { template: 'images/slow.pkr.hcl', color: 'false' });
      await main.waitFor('docker.slow: started');
      process.kill(-(main.child.pid as number), 'SIGKILL');
      const killed = await main.finished();
      const runId = killed.state['run-id'];
      expect(containersOf(runId)).not.toBe('');
      for (const ledger of JSON.parse(killed.state.ledgers) as string[])
        fs.rmSync(path.dirname(ledger), { recursive: true, force: true });

      const post = runPost(ws, killed.state);
      expect(post.code).toBe(0);
      expect(post.stdout).toContain(`Kiln: docker-container kiln-${runId}-`);
      expect(post.stdout).toContain('Kiln: cleaned up 1 resource(s) left by a cancelled or killed build.');
      expect(containersOf(runId)).toBe('');
    });

    it('SIGINT: cleans up at once, reports the cancellation, and leaves the post step nothing', async () => {
      const main = startMain(ws, { template: 'images/slow.pkr.hcl', color: 'false' });
      await main.waitFor('docker.slow: started');
      main.child.kill('SIGINT');
      const r = await main.finished();
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('::error::The build was cancelled.');
      expect(r.outputs['exit-code']).toBe('1');
      expect(JSON.parse(r.outputs['failed-builds'])).toEqual(['docker.slow']);
      expect(r.summary).toContain('Kiln build cancelled');
      expect(containersOf(r.state['run-id'])).toBe('');
      const post = runPost(ws, r.state);
      expect(post.stdout).toContain('Kiln: nothing was left behind by this run.');
    });

    it("SIGINT then SIGTERM (the runner's sequence) during a slow cleanup: exits at once; the post step finishes it", async () => {
      // A docker whose `rm` hangs while the marker exists: the build's own cleanup cannot finish.
      const marker = path.join(ws.runnerTemp, 'slow-rm');
      const wrapper = path.join(ws.runnerTemp, 'docker-wrapper');
      fs.writeFileSync(marker, '');
      fs.writeFileSync(
        wrapper,
        `#!/bin/sh\nif [ "$1" = rm ] && [ -e ${marker} ]; then sleep 30; fi\nexec docker "$@"\n`,
        {
          mode: 0o755,
        },
      );
      const file = path.join(ws.workspace, 'images', 'slow.pkr.hcl');
      fs.writeFileSync(
        file,
        fs.readFileSync(file, 'utf8').replace('commit = true', `commit = true\n  docker_path = "${wrapper}"`),
      );
      const main = startMain(ws, { template: 'images/slow.pkr.hcl', color: 'false' });
      try {
        await main.waitFor('docker.slow: started');
        main.child.kill('SIGINT');
        await main.waitFor('Killing the container');
        const t0 = Date.now();
        main.child.kill('SIGTERM');
        const r = await main.finished();
        expect(Date.now() - t0).toBeLessThan(5_000);
        expect(r.code).toBe(1);
        const runId = r.state['run-id'];
        expect(containersOf(runId)).not.toBe('');

        fs.rmSync(marker);
        const post = runPost(ws, r.state);
        expect(post.code).toBe(0);
        expect(post.stdout).toContain('Kiln: cleaned up 1 resource(s) left by a cancelled or killed build.');
        expect(containersOf(runId)).toBe('');
        expect(fs.readdirSync(ws.runnerTemp).filter((n) => n.startsWith('kiln-build-'))).toEqual([]);
      } finally {
        try {
          process.kill(-(main.child.pid as number), 'SIGKILL');
        } catch {
          // already gone
        }
      }
    });
  });
});
