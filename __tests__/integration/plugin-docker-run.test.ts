import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PassThrough, Readable } from 'stream';

import { CancelledError } from '../../src/engine/abort';
import type { Communicator } from '../../src/engine/types';
import {
  PluginHangError,
  PluginPrepareError,
  type BridgedBuild,
  runBridgedBuilder,
} from '../../src/plugins/bridged-builder';
import { BuilderClient } from '../../src/plugins/clients/builder';
import { encodeConfigValue } from '../../src/plugins/hcl-spec';
import { PluginCrashError, type RunningComponent, launchComponent } from '../../src/plugins/launch';
import type { HookHandler } from '../../src/plugins/services/hook';
import { fakeUI } from '../support/engine-fakes';
import { describeWithPlugin } from '../support/plugins';
import { docker, describeWithDocker } from '../support/services';
import { tempDir } from '../support/temp';

/**
 * A bridged build end to end against the real packer-plugin-docker v1.1.2 and the test
 * environment's Docker engine: Kiln prepares and runs the plugin's builder, serves its Ui and
 * Hook, runs "provisioners" (the hook handlers below) through the plugin's own communicator —
 * commands with their output and exit status, uploads and downloads of files and a directory —
 * reads and destroys the image it commits, cancels it mid-run, and survives it being killed or
 * frozen. Every container the plugin starts is checked gone (or removed by the test when the
 * plugin could not).
 */

jest.setTimeout(120_000);

const IMAGE = 'kiln-test/busybox:latest';
const DEFAULT_NAME = '-packer-default-plugin-name-';
const CORE_VARIABLES = {
  packer_build_name: 'bridge',
  packer_builder_type: 'docker',
  packer_core_version: '1.11.2',
  packer_debug: 'false',
  packer_force: 'false',
  packer_on_error: 'cleanup',
};

/** Every component a test starts, closed after the tests whatever happened (a no-op when done). */
let opened: (c: RunningComponent) => void = () => undefined;

interface Started {
  readonly component: RunningComponent;
  readonly configs: unknown[];
  readonly stderr: string[];
}

async function start(binary: string, config: Record<string, unknown>): Promise<Started> {
  const stderr: string[] = [];
  const component = await launchComponent({
    binary,
    kind: 'builder',
    name: DEFAULT_NAME,
    label: 'docker',
    onStderr: (line) => stderr.push(line),
  });
  opened(component);
  const spec = await new BuilderClient(component).configSpec();
  return { component, stderr, configs: [CORE_VARIABLES, encodeConfigValue(spec, config)] };
}

const COMMIT = { image: IMAGE, pull: false, commit: true };
const DISCARD = { image: IMAGE, pull: false, discard: true };

/** What a command printed and how it ended. */
async function run(
  comm: Communicator,
  command: string,
  stdin?: string,
): Promise<{ out: string; err: string; status: number }> {
  let out = '';
  let err = '';
  const { exitStatus } = await comm.start(
    {
      command,
      ...(stdin !== undefined ? { stdin: Readable.from([Buffer.from(stdin)]) } : {}),
      onStdout: (c) => void (out += c.toString('utf8')),
      onStderr: (c) => void (err += c.toString('utf8')),
    },
    new AbortController().signal,
  );
  return { out, err, status: exitStatus };
}

async function download(comm: Communicator, remote: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  await comm.download(remote, sink, new AbortController().signal);
  return Buffer.concat(chunks);
}

/** The container the plugin started, from its "Container ID: …" message. */
function containerOf(lines: readonly string[]): string {
  const line = lines.find((l) => l.startsWith('message Container ID: '));
  if (!line) throw new Error(`no container started:\n${lines.join('\n')}`);
  return line.slice('message Container ID: '.length).trim();
}

function containerExists(id: string): boolean {
  const r = docker('ps', '-a', '-q', '--no-trunc', '--filter', `id=${id}`);
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim() !== '';
}

describeWithPlugin('a bridged docker build through the real plugin v1.1.2', 'docker', 'v1.1.2', (binary) => {
  describeWithDocker('with the test Docker engine', IMAGE, () => {
    const leftovers: string[] = [];
    const components: RunningComponent[] = [];
    beforeAll(() => (opened = (c) => void components.push(c)));
    afterAll(async () => {
      for (const c of components) await c.close();
      for (const id of leftovers) docker('rm', '-f', id);
    });

    it('runs commands, uploads and downloads through the plugin communicator, commits, destroys', async () => {
      const { component, configs } = await start(binary, COMMIT);
      const ui = fakeUI();
      const local = tempDir('kiln-bridge-');
      const file = randomBytes(300_000); // several yamux windows
      const script = Buffer.from('#!/bin/sh\necho from script\n');
      const dir = path.join(local, 'tree');
      fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
      const tree: Record<string, Buffer> = {
        'a.txt': Buffer.from('alpha\n'),
        'sub/b.bin': randomBytes(70_000),
      };
      for (const [name, bytes] of Object.entries(tree)) fs.writeFileSync(path.join(dir, name), bytes);

      const seen: Record<string, unknown> = {};
      const provision: HookHandler = async (comm, data) => {
        seen.data = data;
        seen.type = comm.type;
        seen.echo = await run(comm, 'echo hello; echo oops >&2');
        seen.failing = await run(comm, 'echo before; exit 3');
        seen.stdin = await run(comm, 'cat', 'piped through stdin');
        const signal = new AbortController().signal;
        // docker cp needs the destination's directory (as the file provisioner does, nothing makes it).
        seen.noDir = await comm
          .upload('/tmp/kiln/file.bin', Readable.from([file]), { size: file.length }, signal)
          .then(
            () => 'ok',
            (e: Error) => e.message,
          );
        await run(comm, 'mkdir -p /tmp/kiln');
        // With a size, the plugin streams it straight into `docker cp`; with only a mode, Kiln spools.
        await comm.upload(
          '/tmp/kiln/file.bin',
          Readable.from([file]),
          { size: file.length, mode: 0o640 },
          signal,
        );
        await comm.upload('/tmp/kiln/script.sh', Readable.from([script]), { mode: 0o755 }, signal);
        await comm.uploadDir('/tmp/kiln/tree', `${dir}/`, [], signal);
        seen.modes = await run(comm, 'stat -c "%a %s %n" /tmp/kiln/file.bin /tmp/kiln/script.sh');
        seen.script = await run(comm, '/tmp/kiln/script.sh');
        seen.file = await download(comm, '/tmp/kiln/file.bin');
        seen.a = await download(comm, '/tmp/kiln/tree/a.txt');
        seen.b = await download(comm, '/tmp/kiln/tree/sub/b.bin');
        seen.downloadDir = await comm
          .downloadDir('/tmp/kiln/tree', path.join(local, 'back'), [], signal)
          .then(
            () => 'ok',
            (e: Error) => e.message,
          );
        seen.missing = await download(comm, '/tmp/kiln/nope').then(
          () => 'ok',
          (e: Error) => e.message,
        );
      };

      let build: BridgedBuild | undefined;
      try {
        build = await runBridgedBuilder({
          component,
          configs,
          ui,
          signal: new AbortController().signal,
          provision,
        });
      } finally {
        const id = ui.lines.find((l) => l.startsWith('message Container ID: '));
        if (id) leftovers.push(containerOf(ui.lines));
      }
      const container = containerOf(ui.lines);
      expect(ui.said).toEqual(
        expect.arrayContaining([
          'Creating a temporary directory for sharing data...',
          'Starting docker container...',
          'Committing the container',
        ]),
      );
      expect(seen.type).toBe('docker');
      expect(seen.data).toMatchObject({ ID: container, ConnType: 'docker', Host: '', Port: '0' });
      expect(seen.echo).toEqual({ out: 'hello\n', err: 'oops\n', status: 0 });
      expect(seen.failing).toEqual({ out: 'before\n', err: '', status: 3 });
      expect(seen.stdin).toEqual({ out: 'piped through stdin', err: '', status: 0 });
      expect((seen.modes as { out: string }).out).toBe(
        `640 ${file.length} /tmp/kiln/file.bin\n755 ${script.length} /tmp/kiln/script.sh\n`,
      );
      expect(seen.script).toEqual({ out: 'from script\n', err: '', status: 0 });
      expect((seen.file as Buffer).equals(file)).toBe(true);
      expect((seen.a as Buffer).equals(tree['a.txt'])).toBe(true);
      expect((seen.b as Buffer).equals(tree['sub/b.bin'])).toBe(true);
      expect(seen.downloadDir).toBe('DownloadDir is not implemented for docker');
      expect(seen.missing).toMatch(/Error downloading file: .*nope/);

      // The plugin removed its container after committing it.
      expect(containerExists(container)).toBe(false);
      const artifact = build.artifact!;
      expect(artifact.builderId).toBe('packer.post-processor.docker-import');
      expect(artifact.id).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(artifact.description).toBe(`Imported Docker image: ${artifact.id}`);
      expect(artifact.files).toEqual([]);
      expect(artifact.state.generated_data).toMatchObject({ ImageSha256: artifact.id });
      expect(build.prepare.generatedVars).toEqual(['ImageSha256', 'SourceImageDigest']);
      // The image is what the provisioning left: the uploaded file is in it.
      const inImage = docker('run', '--rm', artifact.id, 'cat', '/tmp/kiln/tree/a.txt');
      expect(inImage.stdout).toBe('alpha\n');

      await artifact.destroy();
      expect(docker('image', 'inspect', artifact.id).status).not.toBe(0);
      await build.close();
      expect(await component.process.exited).toEqual({ code: 0, signal: null });
    });

    it("fails the build with the hook's error, after running the cleanup provisioner", async () => {
      const { component, configs } = await start(binary, DISCARD);
      const ui = fakeUI();
      const cleanup: string[] = [];
      const failure = runBridgedBuilder({
        component,
        configs,
        ui,
        signal: new AbortController().signal,
        provision: async (comm) => {
          const r = await run(comm, 'exit 7');
          throw new Error(`Script exited with non-zero exit status: ${r.status}`);
        },
        cleanupProvision: async (comm) => {
          cleanup.push((await run(comm, 'echo cleaning')).out);
        },
      });
      await expect(failure).rejects.toThrow('Script exited with non-zero exit status: 7');
      expect(cleanup).toEqual(['cleaning\n']);
      expect(ui.said).toContain(
        'Provisioning step had errors: Running the cleanup provisioner, if present...',
      );
      expect(containerExists(containerOf(ui.lines))).toBe(false);
      // Closed and reaped on failure.
      expect(await component.process.exited).toEqual({ code: 0, signal: null });
    });

    it("refuses the plugin's Prepare error and reaps it", async () => {
      const { component, configs } = await start(binary, { image: IMAGE });
      const failure = runBridgedBuilder({
        component,
        configs,
        ui: fakeUI(),
        signal: new AbortController().signal,
        provision: () => Promise.resolve(),
      });
      await expect(failure).rejects.toThrow(PluginPrepareError);
      await expect(failure).rejects.toThrow(
        'No instructions given for handling the artifact; expected commit, discard, or export_path',
      );
      expect(await component.process.exited).toEqual({ code: 0, signal: null });
    });

    it('cancels mid-run: Builder.Cancel stops the plugin, which removes its container, and is reaped', async () => {
      const { component, configs, stderr } = await start(binary, COMMIT);
      const ui = fakeUI();
      const abort = new AbortController();
      let startedAt = 0;
      const build = runBridgedBuilder({
        component,
        configs,
        ui,
        signal: abort.signal,
        // A provisioner deaf to cancellation: only the plugin's own Cancel can end this build early.
        provision: async (comm) => {
          await comm.start(
            {
              command: 'echo started; sleep 60',
              onStdout: () => {
                startedAt = Date.now();
                abort.abort();
              },
            },
            new AbortController().signal,
          );
        },
      });
      await expect(build).rejects.toThrow(CancelledError);
      const container = containerOf(ui.lines);
      leftovers.push(container);
      expect(Date.now() - startedAt).toBeLessThan(30_000);
      expect(ui.said).not.toContain('Committing the container');
      // The plugin's Run context was cancelled (its hook client logs it as it passes Cancel on).
      expect(stderr.join('\n')).toMatch(/Cancelling hook after context cancellation/);
      expect(containerExists(container)).toBe(false);
      expect(await component.process.exited).toEqual({ code: 0, signal: null });
    });

    it('a plugin killed mid-run fails the build naming it, with its exit', async () => {
      const { component, configs } = await start(binary, COMMIT);
      const ui = fakeUI();
      const build = runBridgedBuilder({
        component,
        configs,
        ui,
        signal: new AbortController().signal,
        provision: async (comm) => {
          process.kill(component.process.pid, 'SIGKILL');
          await run(comm, 'sleep 30');
        },
      });
      await expect(build).rejects.toThrow(PluginCrashError);
      await expect(build).rejects.toThrow(/^docker plugin exited unexpectedly \(killed by SIGKILL\)/);
      leftovers.push(containerOf(ui.lines));
      expect(await component.process.exited).toEqual({ code: null, signal: 'SIGKILL' });
    });

    it('a frozen plugin is found by its unanswered pings, killed, and named', async () => {
      const { component, configs } = await start(binary, COMMIT);
      const ui = fakeUI();
      const build = runBridgedBuilder({
        component,
        configs,
        ui,
        signal: new AbortController().signal,
        timeouts: { pingIntervalMs: 200, pingTimeoutMs: 1000 },
        provision: async () => {
          process.kill(component.process.pid, 'SIGSTOP');
          await new Promise(() => undefined); // the plugin will never answer again
        },
      });
      await expect(build).rejects.toThrow(PluginHangError);
      await expect(build).rejects.toThrow('docker plugin stopped responding (no answer to a ping within 1s)');
      leftovers.push(containerOf(ui.lines));
      expect(await component.process.exited).toEqual({ code: null, signal: 'SIGKILL' });

      // Frozen before it answers Prepare: the same.
      const second = await start(binary, COMMIT);
      process.kill(second.component.process.pid, 'SIGSTOP');
      const prepare = runBridgedBuilder({
        component: second.component,
        configs: second.configs,
        ui: fakeUI(),
        signal: new AbortController().signal,
        timeouts: { pingIntervalMs: 200, pingTimeoutMs: 500 },
        provision: () => Promise.resolve(),
      });
      await expect(prepare).rejects.toThrow(
        'docker plugin stopped responding (no answer to a ping within 0.5s)',
      );
      expect(await second.component.process.exited).toEqual({ code: null, signal: 'SIGKILL' });
    });
  });
});
