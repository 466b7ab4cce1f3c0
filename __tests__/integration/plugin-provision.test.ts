import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import type { CommandIO } from '../../src/cli/io';
import { runCLI } from '../../src/cli/main';
import { configSpec } from '../../src/plugins/bridge';
import { runBridgedBuilder } from '../../src/plugins/bridged-builder';
import { bridgedProvisionerRuntime } from '../../src/plugins/bridged-provisioner';
import { BuilderClient } from '../../src/plugins/clients/builder';
import { encodeConfigValue } from '../../src/plugins/hcl-spec';
import { type RunningComponent, launchComponent } from '../../src/plugins/launch';
import type { DecodedConfig } from '../../src/schema/types';
import { fakeStepContext, fakeUI } from '../support/engine-fakes';
import { captureIO } from '../support/kiln';
import { describeWithPlugin, installPlugin, pluginBinary, pluginChildren } from '../support/plugins';
import { describeWithDocker, docker } from '../support/services';
import { tempDir, tempTemplate } from '../support/temp';

/**
 * `kiln build` running plugin provisioners and post-processors (issue 16) around a native docker
 * build on the test Docker engine: kilnfixture's provisioner works through Kiln's docker
 * communicator (a command with stdin, output and exit status, an upload with a mode, a download,
 * a directory upload) between Kiln's own shell provisioners; the real docker plugin's docker-tag
 * (KILN_PLUGINS=external:docker-tag, the docker builder staying native) tags Kiln's image, and
 * kilnfixture's post-processor reads that plugin artifact through Kiln and returns one of its
 * own, while Kiln destroys docker-tag's artifact through its plugin as Packer's chain does. Ctrl-C
 * during the plugin's command cancels it; a killed plugin fails the build naming it. Every
 * container is checked gone and every plugin process reaped.
 */

jest.setTimeout(180_000);

const IMAGE = 'kiln-test/busybox:latest';
const FIXTURE = 'v0.2.0';

const TEMPLATE = `
packer {
  required_plugins {
    fx = {
      source  = "github.com/kiln-project/kilnfixture"
      version = ">= 0.2.0"
    }
  }
}

data "fx-my-datasource" "d" {
  mock = "dee"
}

source "docker" "c" {
  image  = "${IMAGE}"
  pull   = false
  commit = true
}

build {
  sources = ["source.docker.c"]

  provisioner "shell" {
    inline = ["echo native > /from-shell.txt"]
  }
  provisioner "fx-my-provisioner" {
    greeting               = "hello \${data.fx-my-datasource.d.foo} in \${build.ID}"
    upload_content         = "uploaded by the plugin\\n"
    upload_path            = "/tmp/up/plugin.txt"
    upload_mode            = 416
    upload_dir_source      = "\${path.root}/tree/"
    upload_dir_destination = "/tmp/tree"
    command                = "cat /from-shell.txt; stat -c %a /tmp/up/plugin.txt; cat; echo to-stderr >&2; exit 3"
    stdin                  = "piped in\\n"
    expect_stdout          = "native\\n640\\npiped in\\n"
    expect_exit            = 3
    download_path          = "/tmp/up/plugin.txt"
    download_to            = "\${path.root}/downloaded.txt"
  }
  provisioner "shell" {
    inline = ["echo tree: $(cat /tmp/tree/a.txt)"]
  }

  post-processors {
    post-processor "docker-tag" {
      repository = "kiln-test/plugin-pp"
      tags       = ["TAG", "TAG-last"]
    }
    post-processor "fx-my-post-processor" {
      mock = "chained"
    }
  }
  post-processor "fx-my-post-processor" {
    mock       = "direct"
    keep_input = true
  }
}
`;

const SLOW = `
packer {
  required_plugins {
    fx = {
      source  = "github.com/kiln-project/kilnfixture"
      version = ">= 0.2.0"
    }
  }
}

source "docker" "c" {
  image  = "${IMAGE}"
  pull   = false
  commit = true
}

build {
  sources = ["source.docker.c"]
  provisioner "fx-my-provisioner" {
    greeting = "slow"
    command  = "echo started; sleep 60; echo never"
  }
  post-processor "fx-my-post-processor" {
    mock = "never"
  }
}
`;

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * `kiln build` in this process (as the kiln() helper), with `watch` seeing the output as it comes
 * and able to deliver one SIGINT.
 */
async function build(
  dir: string,
  env: Record<string, string>,
  watch?: (out: string, interrupt: () => void) => void,
): Promise<Run> {
  const before = process.cwd();
  process.chdir(dir);
  const captured = captureIO(dir, { env });
  let out = '';
  let listener: ((signal: string) => void) | undefined;
  const io: CommandIO = {
    ...captured.io,
    stdout: (t) => {
      out += t;
      watch?.(out, () => listener?.('SIGINT'));
    },
    onInterrupt: (l) => {
      listener = l;
      return () => (listener = undefined);
    },
  };
  try {
    const code = await runCLI(['build', '-color=false', '.'], io);
    return { code, out, err: captured.err() };
  } finally {
    process.chdir(before);
  }
}

/** Containers the build's output says it started that still exist. */
function leftContainers(output: string): string[] {
  const names = [...output.matchAll(/docker run --name (kiln-[\w-]+)/g)].map((m) => m[1]);
  if (names.length === 0) throw new Error(`no container was started:\n${output}`);
  return names.filter((n) => spawnSync('docker', ['container', 'inspect', n]).status === 0);
}

function imageExists(ref: string): boolean {
  return docker('image', 'inspect', ref).status === 0;
}

describeWithPlugin(
  'kiln build with plugin provisioners and post-processors',
  'kilnfixture',
  FIXTURE,
  (fixture) => {
    describeWithPlugin('and the real docker plugin', 'docker', 'v1.1.2', (dockerPlugin) => {
      describeWithDocker('on the test Docker engine', IMAGE, () => {
        let plugins: string;
        const images: string[] = [];
        beforeAll(async () => {
          plugins = tempDir('kiln-plugin-path-');
          await installPlugin(plugins, 'github.com/kiln-project/kilnfixture', fixture);
          await installPlugin(plugins, 'github.com/hashicorp/docker', dockerPlugin);
        });
        afterAll(() => {
          for (const id of images) docker('rmi', '-f', id);
        });
        const env = (): Record<string, string> => ({
          PACKER_PLUGIN_PATH: plugins,
          KILN_PLUGINS: 'external:docker-tag',
        });

        it("provisions through Kiln's docker communicator and chains plugin post-processors on Kiln's artifact", async () => {
          const tag = `t${process.pid}`;
          const dir = tempTemplate({
            'main.pkr.hcl': TEMPLATE.replace(/TAG/g, tag),
            'tree/a.txt': 'alpha',
          });
          const r = await build(dir, env());
          const id = /Imported Docker image: (sha256:[0-9a-f]+)/.exec(r.out)?.[1];
          if (id) images.push(id);
          images.push(`kiln-test/plugin-pp:${tag}`, `kiln-test/plugin-pp:${tag}-last`);
          // The command's stderr, as the plugin's RunWithUi says it: Ui.Error.
          expect(r.err).toBe('==> docker.c: to-stderr\n');
          expect(r.code).toBe(0);
          expect(id).toBeDefined();

          // The data source's output and build.ID (the container), in the plugin's configuration.
          const container =
            /==> docker\.c: my-provisioner: hello foo-dee in ([0-9a-f]{64}) \(MockData=<nil>, ConnType=docker\)/.exec(
              r.out,
            );
          expect(container).not.toBeNull();
          expect(r.out).toContain('==> docker.c: my-provisioner: uploaded 23 bytes to /tmp/up/plugin.txt\n');
          expect(r.out).toContain(`==> docker.c: my-provisioner: uploaded directory ./tree/ to /tmp/tree\n`);
          // The command's output as the plugin's RunWithUi says it (stderr as errors), then its checks.
          expect(r.out).toContain('    docker.c: native\n    docker.c: 640\n    docker.c: piped in\n');
          expect(r.out).toContain('==> docker.c: my-provisioner: command exited with status 3 as expected\n');
          expect(r.out).toContain(
            '==> docker.c: my-provisioner: downloaded 23 bytes from /tmp/up/plugin.txt\n',
          );
          expect(fs.readFileSync(path.join(dir, 'downloaded.txt'), 'utf8')).toBe('uploaded by the plugin\n');
          expect(r.out).toContain('    docker.c: tree: alpha\n');

          // docker-tag (the real plugin) tagged Kiln's image; kilnfixture read its artifact through Kiln.
          expect(r.out).toContain(`    docker.c (docker-tag): Repository: kiln-test/plugin-pp:${tag}-last\n`);
          expect(r.out).toContain(
            `==> docker.c (fx-my-post-processor): my-post-processor: mock=chained artifact=kiln-test/plugin-pp:${tag}-last\n`,
          );
          expect(r.out).toContain(
            '    docker.c (fx-my-post-processor): input: builder=packer.post-processor.docker-tag files=[] ' +
              `string="Imported Docker image: kiln-test/plugin-pp:${tag}-last with tags kiln-test/plugin-pp:${tag} kiln-test/plugin-pp:${tag}-last"\n`,
          );
          // The direct one read Kiln's native artifact and its generated data.
          expect(r.out).toContain(
            `==> docker.c (fx-my-post-processor): my-post-processor: mock=direct artifact=${id}\n`,
          );
          expect(r.out).toMatch(
            /input: builder=packer\.post-processor\.docker-import files=\[\] string="Imported Docker image: sha256:/,
          );
          expect(r.out).toMatch(/input generated_data: .*ImageSha256/);

          // Packer's chain: the native image kept (the first post-processor of a chain keeps it),
          // docker-tag's artifact (its last tag) destroyed through its plugin, since its successor
          // did not keep it; the post-processors' own artifacts reported.
          expect(imageExists(id as string)).toBe(true);
          expect(imageExists(`kiln-test/plugin-pp:${tag}`)).toBe(true);
          expect(imageExists(`kiln-test/plugin-pp:${tag}-last`)).toBe(false);
          const artifacts = r.out.slice(r.out.indexOf('The artifacts of successful builds are:'));
          expect(artifacts).toContain(`--> docker.c: Imported Docker image: ${id}`);
          expect(artifacts).toContain(
            `--> docker.c: kilnfixture post-processor artifact pp-chained-kiln-test/plugin-pp:${tag}-last from packer.post-processor.docker-tag`,
          );
          expect(artifacts).toContain(
            `--> docker.c: kilnfixture post-processor artifact pp-direct-${id} from packer.post-processor.docker-import`,
          );
          expect(leftContainers(r.out)).toEqual([]);
          expect(pluginChildren()).toEqual([]);
        });

        it("runs over a plugin builder's communicator: kilnfixture through Kiln through the real docker plugin", async () => {
          const CORE = {
            packer_build_name: 'c',
            packer_builder_type: 'docker',
            packer_core_version: '1.11.2',
            packer_debug: 'false',
            packer_force: 'false',
            packer_on_error: 'cleanup',
          };
          const launch = (
            binary: string,
            kind: 'builder' | 'provisioner',
            name: string,
          ): Promise<RunningComponent> => launchComponent({ binary, kind, name, label: name });
          const builder = await launch(dockerPlugin, 'builder', '-packer-default-plugin-name-');
          const builderSpec = await new BuilderClient(builder).configSpec();
          const probe = await launch(fixture, 'provisioner', 'my-provisioner');
          const provisionerSpec = await configSpec(probe, 'provisioner');
          await probe.close();
          const provisioner = bridgedProvisionerRuntime({
            type: 'kilnfixture-my-provisioner',
            launch: () => launch(fixture, 'provisioner', 'my-provisioner'),
            configs: () => [
              CORE,
              encodeConfigValue(provisionerSpec, {
                greeting: 'through two plugins',
                upload_content: 'x'.repeat(100_000),
                upload_path: '/tmp/big.txt',
                command: 'wc -c < /tmp/big.txt; cat',
                stdin: 'and back\n',
                expect_stdout: '100000\nand back\n',
              }),
            ],
          });
          const ui = fakeUI();
          const build = await runBridgedBuilder({
            component: builder,
            configs: [CORE, encodeConfigValue(builderSpec, { image: IMAGE, pull: false, discard: true })],
            ui,
            signal: new AbortController().signal,
            provision: (communicator, generated, signal) =>
              provisioner.provision({} as DecodedConfig, {
                ...fakeStepContext({ ui, signal }),
                communicator,
                generated,
              }),
          });
          await build.close();
          expect(ui.lines).toEqual(
            expect.arrayContaining([
              expect.stringMatching(
                /^say my-provisioner: through two plugins \(MockData=<nil>, ConnType=docker\)$/,
              ),
              'say my-provisioner: uploaded 100000 bytes to /tmp/big.txt',
              'say my-provisioner: command exited with status 0 as expected',
            ]),
          );
          expect(pluginChildren()).toEqual([]);
        });

        it("runs them from a legacy JSON template too, prepared in Packer core's order", async () => {
          const dir = tempTemplate({
            'legacy.json': JSON.stringify({
              builders: [{ type: 'docker', image: IMAGE, pull: false, commit: true }],
              provisioners: [
                {
                  type: 'kilnfixture-my-provisioner',
                  greeting: 'legacy {{build_name}} {{build `ID`}}',
                  command: 'echo hi',
                  expect_stdout: 'hi\n',
                },
              ],
              'post-processors': [{ type: 'kilnfixture-my-post-processor', mock: '{{build_type}}' }],
            }),
          });
          const before = process.cwd();
          process.chdir(dir);
          const captured = captureIO(dir, { env: { PACKER_PLUGIN_PATH: plugins } });
          let code: number;
          try {
            code = await runCLI(['build', '-color=false', 'legacy.json'], captured.io);
          } finally {
            process.chdir(before);
          }
          const out = captured.out();
          const id = /Imported Docker image: (sha256:[0-9a-f]+)/.exec(out)?.[1];
          if (id) images.push(id);
          expect(captured.err()).toBe('');
          expect(code).toBe(0);
          // The core variables reached the plugin's own interpolation; {{build `ID`}} met Packer's
          // placeholder, which the SDK passes through as {{.ID}} for the plugin to render at run time.
          expect(out).toContain(
            '==> docker: my-provisioner: legacy docker {{.ID}} (MockData=<nil>, ConnType=docker)\n',
          );
          expect(out).toContain('==> docker: my-provisioner: command exited with status 0 as expected\n');
          expect(out).toContain(
            `==> docker (kilnfixture-my-post-processor): my-post-processor: mock=docker artifact=${id}\n`,
          );
          expect(pluginChildren()).toEqual([]);
        });

        it('cancels the plugin provisioner on Ctrl-C; the build cleans up', async () => {
          const dir = tempTemplate({ 'main.pkr.hcl': SLOW });
          let interrupted = 0;
          const started = Date.now();
          const r = await build(dir, env(), (out, interrupt) => {
            if (!interrupted && out.includes('docker.c: started\n')) {
              interrupted = Date.now();
              interrupt();
            }
          });
          expect(interrupted).toBeGreaterThan(0);
          expect(r.code).not.toBe(0);
          expect(r.err).toContain('Cancelling build after receiving interrupt');
          expect(r.out).not.toContain('never');
          expect(r.err).toContain("Build 'docker.c' errored after");
          expect(r.err).toContain('Build was cancelled.');
          // Well before the command's 60 s: the plugin was cancelled, not waited for.
          expect(Date.now() - started).toBeLessThan(40_000);
          expect(leftContainers(r.out)).toEqual([]);
          expect(pluginChildren()).toEqual([]);
        });

        it('fails the build naming a plugin provisioner that dies, and cleans up', async () => {
          const dir = tempTemplate({ 'main.pkr.hcl': SLOW });
          let killed = '';
          const r = await build(dir, env(), (out) => {
            if (killed || !out.includes('docker.c: started\n')) return;
            const plugin = pluginChildren().find((p) => p.args.includes('start provisioner'));
            if (!plugin) return;
            killed = plugin.args;
            process.kill(plugin.pid, 'SIGKILL');
          });
          expect(killed).toContain(pluginBinary('kilnfixture', FIXTURE).split('/').pop()?.split('_v')[0]);
          expect(r.code).not.toBe(0);
          expect(r.err).toContain("Build 'docker.c' errored after");
          expect(r.err).toMatch(/fx-my-provisioner plugin exited unexpectedly \(killed by SIGKILL\)/);
          expect(r.out).not.toContain('never');
          expect(leftContainers(r.out)).toEqual([]);
          expect(pluginChildren()).toEqual([]);
        });
      });
    });
  },
);
