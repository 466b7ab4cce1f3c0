import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { readLedger } from '../../src/engine/ledger';
import { kiln } from '../support/kiln';
import { installPlugin, liveKiln, pluginChildren } from '../support/plugin-install';
import { describeWithPlugin } from '../support/plugins';
import { describeWithDocker, docker, printedContainerIds } from '../support/services';
import { tempDir } from '../support/temp';

/**
 * `kiln build` running a bridged builder (issue 16): the real packer-plugin-docker v1.1.2 forced
 * over Kiln's native docker builder with KILN_PLUGINS=external builds examples/quickstart, Kiln's
 * own shell and file provisioners running through the plugin's communicator, and the result is
 * compared with the native build of the same template. Then a build is interrupted (the plugin is
 * cancelled, cleans up and is reaped) and one has its plugin killed (the build fails naming it, and
 * the container the plugin left is in the ledger, for `kiln sweep`).
 */

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..', '..');
const IMAGE = 'kiln-test/busybox:latest';
const NO_DIGEST =
  'Error determining source Docker image digest; this image may not have been pushed yet, which means ' +
  'no distribution digest has been created. If you plan to call docker push later, the digest value ' +
  'will be stored then.';

/** examples/quickstart copied into a directory of its own (its manifest is written beside it). */
function quickstartCopy(): string {
  const dir = tempDir('kiln-plugin-quickstart-');
  fs.cpSync(path.join(ROOT, 'examples', 'quickstart'), dir, { recursive: true });
  fs.rmSync(path.join(dir, 'manifest.json'), { force: true });
  return dir;
}

interface ManifestBuild {
  name: string;
  builder_type: string;
  artifact_id: string;
  packer_run_uuid: string;
  custom_data: unknown;
  files: unknown;
}

function manifestOf(dir: string): { builds: ManifestBuild[]; last_run_uuid: string } {
  return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    builds: ManifestBuild[];
    last_run_uuid: string;
  };
}

/** What the image is, beyond its ID: its configuration and what it holds. */
function imageFacts(id: string) {
  const [config] = JSON.parse(docker('image', 'inspect', id).stdout) as {
    Config: { Env: string[]; Entrypoint: string[]; Cmd: string[]; Labels: Record<string, string> };
  }[];
  return {
    env: config.Config.Env,
    entrypoint: config.Config.Entrypoint,
    cmd: config.Config.Cmd,
    labels: config.Config.Labels,
    runs: docker('run', '--rm', id).stdout,
    files: docker('run', '--rm', id, 'ls /opt/app; cat /opt/app/index.html | wc -c; echo "$APP_NAME"').stdout,
  };
}

function containerGone(id: string): boolean {
  return docker('container', 'inspect', id).status !== 0;
}

/** Build directories (kiln-build-*) and the run's plugin directories (kiln-plugins-*) left in `dir`. */
function buildDirs(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.startsWith('kiln-build-') || f.startsWith('kiln-plugins-'));
}

describeWithPlugin('kiln build with the real docker plugin v1.1.2', 'docker', 'v1.1.2', (binary) => {
  describeWithDocker('with the test Docker engine', IMAGE, () => {
    let plugins: string;
    let tmp: string;
    const savedTmp = process.env.TMPDIR;
    const images: string[] = [];
    const containers: string[] = [];
    beforeAll(async () => {
      plugins = tempDir('kiln-plugin-path-');
      await installPlugin(plugins, 'github.com/hashicorp/docker', binary);
      // Kiln's build directories and the run's PACKER_TMP_DIR go here, to be counted.
      tmp = tempDir('kiln-plugin-tmp-');
      process.env.TMPDIR = tmp;
    });
    afterAll(() => {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      for (const id of containers) docker('rm', '-f', id);
      for (const id of images) docker('rmi', '-f', id);
    });
    const env = (external: boolean): Record<string, string> => {
      const e: Record<string, string> = { ...(process.env as Record<string, string>), TMPDIR: tmp };
      delete e.KILN_PLUGINS;
      delete e.PACKER_LOG;
      return external ? { ...e, PACKER_PLUGIN_PATH: plugins, KILN_PLUGINS: 'external' } : e;
    };
    const quickstart = async (external: boolean) => {
      const dir = quickstartCopy();
      const r = await kiln(
        ['build', '-color=false', `-var=base_image=${IMAGE}`, '-var=app_name=it-plugin', '.'],
        dir,
        { env: env(external) },
      );
      containers.push(...printedContainerIds(r.out));
      const manifest = fs.existsSync(path.join(dir, 'manifest.json')) ? manifestOf(dir) : undefined;
      if (manifest) images.push(...manifest.builds.map((b) => b.artifact_id));
      // Both builds tag the same name (docker-tag), so the image behind it is read at once.
      const tag = manifest?.builds[0]?.artifact_id;
      const imageId = tag ? docker('image', 'inspect', '--format', '{{.Id}}', tag).stdout.trim() : '';
      if (imageId) images.push(imageId);
      return { r, manifest, dir, imageId };
    };

    it('builds the quickstart through the plugin as natively: same image, same manifest', async () => {
      const native = await quickstart(false);
      const bridged = await quickstart(true);
      expect(native.r.err).toBe('');
      expect(native.r.code).toBe(0);
      // The plugin's StepSetGeneratedData says this of an image built locally (as under Packer).
      expect(bridged.r.err).toBe(`==> quickstart.docker.base: ${NO_DIGEST}\n`);
      expect(bridged.r.code).toBe(0);

      const out = bridged.r.out;
      // The plugin's own steps (its messages, not the native builder's), then Kiln's provisioners
      // through its communicator.
      expect(out).toContain('==> quickstart.docker.base: Creating a temporary directory for sharing data...');
      expect(out).toContain('==> quickstart.docker.base: Starting docker container...');
      expect(out).toMatch(/quickstart\.docker\.base: Container ID: [0-9a-f]{64}\n/);
      expect(out).toMatch(/==> quickstart\.docker\.base: Provisioning with shell script: /);
      expect(out).toContain('==> quickstart.docker.base: Uploading ');
      expect(out).toContain('==> quickstart.docker.base: Committing the container');
      expect(out).toMatch(/==> quickstart\.docker\.base: Killing the container: [0-9a-f]{64}\n/);
      expect(out).toContain("Build 'quickstart.docker.base' finished after");
      // The plugin ran the container, with its shared directory in the run's PACKER_TMP_DIR.
      expect(out).toMatch(
        /quickstart\.docker\.base: Run command: docker run -v \S+\/kiln-plugins-\w+\/tmp\d+:\/packer-files -d /,
      );
      expect(out).toContain('==> quickstart.docker.base: Using docker communicator to connect: ');
      expect(native.r.out).not.toContain('Using docker communicator to connect');

      const [n] = native.manifest?.builds ?? [];
      const [b] = bridged.manifest?.builds ?? [];
      expect(b).toBeDefined();
      const fields = (m: ManifestBuild) => ({
        name: m.name,
        builder_type: m.builder_type,
        custom_data: m.custom_data,
        files: m.files,
        artifact_id: m.artifact_id,
      });
      expect(fields(b)).toEqual(fields(n));
      // The chain's docker-tag ran through the plugin too: the manifest records its tag.
      expect(fields(b)).toMatchObject({
        name: 'base',
        builder_type: 'docker',
        artifact_id: 'kiln-quickstart/it-plugin:latest',
      });
      expect(out).toContain('    quickstart.docker.base (docker-tag): Tagging image: sha256:');
      expect(bridged.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(bridged.imageId).not.toBe(native.imageId);

      const facts = imageFacts(bridged.imageId);
      expect(facts).toEqual(imageFacts(native.imageId));
      expect(facts.runs).toBe('Hello from Kiln (base on docker)\n');
      expect(facts.files).toMatch(/^greeting\.txt\nindex\.html\n\d+\nit-plugin\n$/);

      // Nothing of either run is left: containers, plugin processes, build and plugin temp dirs.
      for (const id of printedContainerIds(out)) expect(containerGone(id)).toBe(true);
      expect(pluginChildren()).toEqual([]);
      expect(buildDirs(tmp)).toEqual([]);
    });

    it("starts a builder's plugin once per build, as Packer core: ConfigSpec, Prepare and Run on one process", async () => {
      const dir = tempDir('kiln-plugin-once-');
      fs.writeFileSync(
        path.join(dir, 'two.pkr.hcl'),
        `source "docker" "a" {\n  image   = "${IMAGE}"\n  pull    = false\n  discard = true\n}\n` +
          'build {\n  sources = ["source.docker.a", "source.docker.b"]\n' +
          '  provisioner "shell" {\n    inline = ["echo hi from ${source.name}"]\n  }\n}\n' +
          `source "docker" "b" {\n  image   = "${IMAGE}"\n  pull    = false\n  discard = true\n}\n`,
      );
      const r = await kiln(['build', '-color=false', '.'], dir, { env: { ...env(true), PACKER_LOG: '1' } });
      containers.push(...printedContainerIds(r.out));
      expect(r.code).toBe(0);
      expect(r.out).toContain('docker.a: hi from a');
      expect(r.out).toContain('docker.b: hi from b');
      // Each start of the builder logs its address once; each Prepare checks the docker version.
      const count = (re: RegExp) => r.err.split('\n').filter((l) => re.test(l)).length;
      expect(count(/^docker: .*Plugin address: unix /)).toBe(2);
      expect(count(/^docker: .*\[TRACE\] starting builder /)).toBe(2);
      expect(count(/^docker: .*\[DEBUG\] Docker version: /)).toBe(2);
      expect(pluginChildren()).toEqual([]);
      expect(buildDirs(tmp)).toEqual([]);
    });

    it("runs the error-cleanup-provisioner through the plugin's communicator after a failed provisioner, its output shown", async () => {
      const dir = tempDir('kiln-plugin-cleanup-');
      fs.writeFileSync(
        path.join(dir, 'fail.pkr.hcl'),
        `source "docker" "f" {\n  image   = "${IMAGE}"\n  pull    = false\n  discard = true\n}\n` +
          'build {\n  sources = ["source.docker.f"]\n' +
          '  provisioner "shell" {\n    inline = ["echo failing", "exit 3"]\n  }\n' +
          '  error-cleanup-provisioner "shell" {\n    inline = ["echo cleaning up in $(hostname)"]\n  }\n}\n',
      );
      const r = await kiln(['build', '-color=false', '.'], dir, { env: env(true) });
      containers.push(...printedContainerIds(r.out));
      expect(r.code).toBe(1);
      expect(r.out).toContain('    docker.f: failing\n');
      expect(r.out).toMatch(/ {4}docker\.f: cleaning up in [0-9a-f]{12}\n/);
      expect(r.err).toContain('Script exited with non-zero exit status: 3');
      for (const id of printedContainerIds(r.out)) expect(containerGone(id)).toBe(true);
      expect(pluginChildren()).toEqual([]);
      expect(buildDirs(tmp)).toEqual([]);
    });

    it("closes a prepared builder's process when another build's Prepare fails and nothing runs", async () => {
      const dir = tempDir('kiln-plugin-prepared-');
      fs.writeFileSync(
        path.join(dir, 'two.pkr.hcl'),
        `source "docker" "good" {\n  image   = "${IMAGE}"\n  pull    = false\n  discard = true\n}\n` +
          `source "docker" "bad" {\n  image   = "${IMAGE}"\n  pull    = false\n  discard = true\n  commit  = true\n}\n` +
          'build {\n  sources = ["source.docker.good", "source.docker.bad"]\n}\n',
      );
      const r = await kiln(['build', '-color=false', '.'], dir, { env: env(true) });
      expect(r.code).toBe(1);
      // The plugin's own Prepare refused the second source; the first was prepared and never run.
      expect(r.err).toContain('* Cannot specify more than one of commit, discard, and export_path');
      expect(r.err).toContain('on two.pkr.hcl line 6, in source "docker" "bad":');
      expect(r.out).not.toContain('Creating a temporary directory');
      expect(pluginChildren()).toEqual([]);
      expect(buildDirs(tmp)).toEqual([]);
    });

    /** A build that provisions for a minute: time to interrupt it, or kill its plugin. */
    function slowTemplate(): string {
      const dir = tempDir('kiln-plugin-slow-');
      fs.writeFileSync(
        path.join(dir, 'slow.pkr.hcl'),
        `source "docker" "slow" {\n  image   = "${IMAGE}"\n  pull    = false\n  discard = true\n}\n` +
          'build {\n  sources = ["source.docker.slow"]\n  provisioner "shell" {\n' +
          '    inline = ["echo started", "sleep 60"]\n  }\n}\n',
      );
      return dir;
    }

    it('cancels the plugin on an interrupt: it cleans up, is reaped, and the build exits 1', async () => {
      const run = liveKiln(['build', '-color=false', '.'], slowTemplate(), env(true));
      try {
        await run.waitFor('docker.slow: started');
        const [container] = printedContainerIds(run.out());
        expect(container).toBeDefined();
        containers.push(container);
        run.interrupt();
        const code = await run.done;
        const out = run.out();
        expect({ code, err: run.err().replace(/errored after [^:]*:/, 'errored after <time>:') }).toEqual({
          code: 1,
          err:
            `==> docker.slow: ${NO_DIGEST}\n` +
            'Cancelling build after receiving interrupt\n' +
            "Build 'docker.slow' errored after <time>: Build was cancelled.\n",
        });
        expect(out).toContain('Cleanly cancelled builds after being interrupted.');
        // The plugin's own cleanup ran (Builder.Cancel, then its steps' cleanup).
        expect(out).toContain(`==> docker.slow: Killing the container: ${container}`);
        expect(out).not.toContain('kiln sweep');
        expect(containerGone(container)).toBe(true);
        expect(pluginChildren()).toEqual([]);
        expect(buildDirs(tmp)).toEqual([]);
      } finally {
        run.interrupt();
        await run.done.catch(() => undefined);
      }
    });

    it('fails the build naming the plugin when it is killed; kiln sweep removes its container', async () => {
      const run = liveKiln(['build', '-color=false', '.'], slowTemplate(), env(true));
      let ledger: string | undefined;
      try {
        await run.waitFor('docker.slow: started');
        const [container] = printedContainerIds(run.out());
        expect(container).toBeDefined();
        containers.push(container);
        const plugin = pluginChildren().filter((p) => p.args.includes(' start builder '));
        expect(plugin).toHaveLength(1);
        process.kill(plugin[0].pid, 'SIGKILL');
        const code = await run.done;
        expect(code).toBe(1);
        expect(run.err()).toContain("Build 'docker.slow' errored after");
        expect(run.err()).toMatch(
          /errored after [^:]*: docker plugin exited unexpectedly \(killed by SIGKILL\)\n/,
        );
        expect(run.err()).toContain('--> docker.slow: docker plugin exited unexpectedly (killed by SIGKILL)');
        // The engine's side finished: the plugin is reaped; the container it ran is still there,
        // listed in the build's ledger, which the build says how to sweep.
        expect(pluginChildren()).toEqual([]);
        expect(containerGone(container)).toBe(false);
        ledger = /Delete them with: kiln sweep (\S+)/.exec(run.err())?.[1];
        expect(ledger).toBeDefined();
        const listed = readLedger(ledger as string).outstanding;
        expect(listed).toEqual([
          { id: container, kind: 'docker-container', data: { dockerHost: process.env.DOCKER_HOST ?? '' } },
        ]);
        // The ledger is kept; the run's PACKER_TMP_DIR went with the run (the plugin is reaped).
        expect(fs.readdirSync(path.dirname(ledger as string)).sort()).toEqual(['ledger.jsonl']);
        expect(fs.readdirSync(tmp).filter((f) => f.startsWith('kiln-plugins-'))).toEqual([]);

        const swept = await kiln(['sweep', ledger as string], os.tmpdir(), { env: env(false) });
        expect(swept.err).toBe('');
        expect(swept.out).toContain(`docker-container ${container}: deleted`);
        expect(swept.code).toBe(0);
        expect(containerGone(container)).toBe(true);
        expect(fs.existsSync(path.dirname(ledger as string))).toBe(false);
      } finally {
        run.interrupt();
        await run.done.catch(() => undefined);
        if (ledger) fs.rmSync(path.dirname(ledger), { recursive: true, force: true });
      }
    });

    afterAll(() => {
      // No plugin outlives the tests, whatever failed.
      for (const p of pluginChildren()) process.kill(p.pid, 'SIGKILL');
      spawnSync('true');
    });
  });
});
