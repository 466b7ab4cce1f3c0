import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { builtinRuntimes } from '../../src/components/runtime-catalog';
import type { RuntimeLookup } from '../../src/engine/build-plan';
import { runBuilds } from '../../src/engine/run';
import type { BuildEvent, RunOptions, RunResult } from '../../src/engine/types';
import { bridgedBuilderRuntime, builderVariables } from '../../src/plugins/bridged-builder-runtime';
import { BuilderClient } from '../../src/plugins/clients/builder';
import { encodeConfigValue } from '../../src/plugins/hcl-spec';
import { type RunningComponent, launchComponent } from '../../src/plugins/launch';
import { loadTemplate, prepareBuilds } from '../../src/template/load';
import type { ExpandedBuild } from '../../src/template/model';
import { templateRunTimeDecoder } from '../../src/template/run-time-decoding';
import { builtinComponents } from '../template/helpers';
import { describeWithPlugin } from '../support/plugins';
import { docker, describeWithDocker, printedContainerIds } from '../support/services';
import { tempTemplate } from '../support/temp';
import { PACKER_COMPAT_VERSION } from '../../src/version';

/**
 * The engine (runBuilds) running a docker build whose builder is the real packer-plugin-docker
 * v1.1.2, bridged as a BuilderRuntime: Kiln's own shell and file provisioners run through the
 * plugin's communicator, and the plugin's artifact goes on to Kiln's manifest post-processor.
 * Until the template side decodes sources against the plugin's own spec (the other half of issue
 * 16), the template is decoded with Kiln's native docker schema and the few options used here are
 * passed on to the plugin by hand.
 */

jest.setTimeout(120_000);

const IMAGE = 'kiln-test/busybox:latest';
const template = (dir: string): string => `
source "docker" "b" {
  image  = "${IMAGE}"
  pull   = false
  commit = true
}

build {
  sources = ["source.docker.b"]

  provisioner "shell" {
    inline = ["echo hello from the plugin communicator", "mkdir -p /opt/kiln"]
  }
  provisioner "file" {
    source      = "${dir}/tree/"
    destination = "/opt/kiln"
  }
  provisioner "file" {
    source      = "${dir}/one.txt"
    destination = "/opt/kiln/one.txt"
  }
  provisioner "shell" {
    inline = ["cat /opt/kiln/one.txt /opt/kiln/sub/two.txt", "echo id=\${build.ID}"]
  }
  post-processor "manifest" {
    output = "manifest.json"
  }
}
`;

const CANCEL_TEMPLATE = `
source "docker" "c" {
  image  = "${IMAGE}"
  pull   = false
  commit = true
}

build {
  sources = ["source.docker.c"]

  provisioner "shell" {
    inline = ["echo started", "sleep 60"]
  }
}
`;

async function expand(dir: string): Promise<ExpandedBuild[]> {
  const components = builtinComponents();
  const loaded = await loadTemplate({ path: '.', cwd: dir, env: {}, vars: [], varFiles: [], ...components });
  const prepared = prepareBuilds(loaded, { only: [], except: [], registry: components.registry });
  const diags = [...loaded.template.diagnostics, ...prepared.diagnostics].filter(
    (d) => d.severity === 'error',
  );
  if (diags.length > 0) throw new Error(diags.map((d) => d.summary).join('; '));
  return prepared.builds;
}

interface BridgedRun {
  readonly run: RunResult;
  readonly events: BuildEvent[];
  readonly text: string;
  /** The plugin processes the runtime started for builds (not the spec probes). */
  readonly started: RunningComponent[];
  /** Closes the plugins the runtime retained (their artifacts' Destroy needs them until then). */
  closeRetained(): Promise<void>;
}

/** runBuilds on the template in `dir`, with `docker` sources built by the real plugin. */
async function runBridged(
  binary: string,
  dir: string,
  abortWhen: (e: BuildEvent) => boolean = () => false,
): Promise<BridgedRun> {
  const retained: Array<() => Promise<void>> = [];
  const started: RunningComponent[] = [];
  const start = (): Promise<RunningComponent> =>
    launchComponent({ binary, kind: 'builder', name: '-packer-default-plugin-name-', label: 'docker' });
  const bridged = bridgedBuilderRuntime({
    type: 'docker',
    launch: async () => {
      const c = await start();
      started.push(c);
      return { component: c };
    },
    configs: async (config, ctx) => {
      // The spec comes from a short-lived start of the plugin, as validation would get it.
      const probe = await start();
      try {
        const spec = await new BuilderClient(probe).configSpec();
        return [
          builderVariables(ctx.build, PACKER_COMPAT_VERSION),
          encodeConfigValue(spec, {
            image: config.view.string('image'),
            pull: config.view.bool('pull'),
            commit: config.view.bool('commit'),
          }),
        ];
      } finally {
        await probe.close();
      }
    },
    retain: (close) => void retained.push(close),
  });
  const native = builtinRuntimes();
  const runtimes: RuntimeLookup = {
    builder: (type) => (type === 'docker' ? bridged : native.builder(type)),
    provisioner: (type) => native.provisioner(type),
    postProcessor: (type) => native.postProcessor(type),
    cannotRun: (kind, type) => native.cannotRun(kind, type),
  };
  const events: BuildEvent[] = [];
  const abort = new AbortController();
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bridge-root-'));
  const opts: RunOptions = {
    parallelBuilds: 0,
    onError: 'cleanup',
    force: false,
    debug: false,
    signal: abort.signal,
    events: (e) => {
      events.push(e);
      if (abortWhen(e)) abort.abort();
    },
    secrets: [],
    cwd: dir,
    templateDir: dir,
    tempRoot,
  };
  try {
    const run = await runBuilds(await expand(dir), runtimes, templateRunTimeDecoder, opts);
    // A command's output arrives in chunks however its streams split it: they are joined as they came.
    const text = events
      .map((e) => (e.type === 'ui' ? `${e.text}\n` : e.type === 'output' ? e.text : ''))
      .join('');
    return {
      run,
      events,
      text,
      started,
      closeRetained: async () => {
        for (const close of retained) await close();
      },
    };
  } finally {
    fs.rmSync(tempRoot, { recursive: true, force: true });
  }
}

describeWithPlugin('the engine building through the real docker plugin', 'docker', 'v1.1.2', (binary) => {
  describeWithDocker('with the test Docker engine', IMAGE, () => {
    it("runs Kiln's shell and file provisioners over the plugin's communicator; the artifact reaches the manifest", async () => {
      const dir = tempTemplate({ 'one.txt': 'one\n', 'tree/sub/two.txt': 'two\n' });
      // Absolute sources: the file provisioner checks them against the working directory, as Packer.
      fs.writeFileSync(path.join(dir, 'b.pkr.hcl'), template(dir));
      const { run, text, closeRetained } = await runBridged(binary, dir);
      let imageId = '';
      try {
        expect(run.results[0].error).toBeUndefined();
        const artifact = run.results[0].artifacts[0];
        imageId = artifact.id;
        expect(artifact).toMatchObject({
          builderId: 'packer.post-processor.docker-import',
          description: `Imported Docker image: ${artifact.id}`,
        });
        expect(text).toContain('hello from the plugin communicator');
        const [container] = printedContainerIds(text);
        // cat's output may arrive as one chunk or two (joined above with a newline of their own).
        expect(text).toMatch(/one\n\n?two\n/);
        expect(text).toContain(`id=${container}`);
        expect(text).toMatch(/Uploading .*\/one.txt => \/opt\/kiln\/one.txt/);
        const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
          builds: Array<{ artifact_id: string; builder_type: string }>;
        };
        expect(manifest.builds[0]).toMatchObject({ artifact_id: artifact.id, builder_type: 'docker' });
        const inImage = docker(
          'run',
          '--rm',
          artifact.id,
          'cat',
          '/opt/kiln/one.txt',
          '/opt/kiln/sub/two.txt',
        );
        expect(inImage.stdout).toBe('one\ntwo\n');
        expect(docker('ps', '-aq', '--filter', `id=${container}`).stdout.trim()).toBe('');
      } finally {
        await closeRetained();
        if (imageId) docker('rmi', '-f', imageId);
      }
    });

    it('Ctrl-C mid-provisioning cancels the plugin: the build says so, no container is left, the plugin is reaped', async () => {
      const dir = tempTemplate({ 'c.pkr.hcl': CANCEL_TEMPLATE });
      const { run, text, started } = await runBridged(
        binary,
        dir,
        (e) => e.type === 'output' && e.text.includes('started'),
      );
      const containers = printedContainerIds(text);
      try {
        expect(run.cancelled).toBe(true);
        expect(run.results[0]).toMatchObject({
          cancelled: true,
          error: 'Build was cancelled.',
          artifacts: [],
        });
        expect(containers).toHaveLength(1);
        expect(text).not.toContain('Committing the container');
        expect(docker('ps', '-aq', '--filter', `id=${containers[0]}`).stdout.trim()).toBe('');
        expect(started).toHaveLength(1);
        expect(await started[0].process.exited).toEqual({ code: 0, signal: null });
      } finally {
        for (const id of containers) docker('rm', '-f', id);
      }
    });
  });
});
