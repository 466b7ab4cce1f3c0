import * as fs from 'fs';
import * as path from 'path';

import type { LaunchOptions } from '../../src/plugins/bridge';
import type { PluginComponent } from '../../src/plugins/discovery';
import type { RunningComponent } from '../../src/plugins/launch';
import { RunPlugins } from '../../src/plugins/run-plugins';
import { tempDir } from '../support/temp';

/**
 * The plugin processes of one `kiln build` (plugins/run-plugins.ts): what every plugin is started
 * with, which process a builder prepares and runs on, and that nothing it holds outlives close().
 */

function component(
  kind: PluginComponent['kind'],
  type: string,
  binary = '/p/packer-plugin-x',
): PluginComponent {
  return {
    kind,
    type,
    name: '-packer-default-plugin-name-',
    binary,
    source: 'github.com/acme/x',
    version: 'v1.0.0',
    description: {
      version: '1.0.0',
      sdkVersion: '0.6.10',
      apiVersion: 'x5.0',
      builders: [type],
      provisioners: [],
      postProcessors: [],
      datasources: [],
      protocolVersion: 'v2',
    },
  };
}

interface Started {
  readonly component: PluginComponent;
  readonly opts: LaunchOptions;
  readonly running: RunningComponent;
  closed: number;
}

function harness(env: Record<string, string | undefined> = {}, machineReadable = false) {
  const started: Started[] = [];
  const log: string[] = [];
  const root = tempDir('kiln-run-plugins-');
  const run = new RunPlugins({
    runId: 'run-7',
    env,
    machineReadable,
    tempRoot: root,
    log: (line) => log.push(line),
    launch: (c, opts) => {
      const entry: Started = {
        component: c,
        opts,
        closed: 0,
        running: {
          label: c.type,
          close: () => {
            entry.closed++;
            return Promise.resolve();
          },
        } as unknown as RunningComponent,
      };
      started.push(entry);
      // A line before the launch resolves: logged, heard by no one yet.
      opts.onStderr?.(c, 'starting');
      return Promise.resolve(entry.running);
    },
  });
  return { run, started, log, root };
}

const DOCKER = component('builder', 'docker');

describe('RunPlugins', () => {
  it("starts every plugin with PACKER_RUN_UUID and the run's own PACKER_TMP_DIR, made once and removed by close()", async () => {
    const h = harness();
    await h.run.launch(DOCKER);
    await h.run.launch(component('provisioner', 'ansible'));
    const dirs = fs.readdirSync(h.root);
    expect(dirs).toHaveLength(1);
    expect(dirs[0]).toMatch(/^kiln-plugins-/);
    const dir = path.join(h.root, dirs[0]);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(h.started.map((s) => s.opts.env)).toEqual([
      { PACKER_RUN_UUID: 'run-7', PACKER_TMP_DIR: dir },
      { PACKER_RUN_UUID: 'run-7', PACKER_TMP_DIR: dir },
    ]);
    await h.run.close();
    expect(fs.readdirSync(h.root)).toEqual([]);
  });

  it('leaves a PACKER_TMP_DIR the user set alone, and sets PACKER_NO_COLOR under -machine-readable as Packer does', async () => {
    const h = harness({ PACKER_TMP_DIR: '/var/tmp/mine' }, true);
    await h.run.launch(DOCKER);
    expect(h.started[0].opts.env).toEqual({ PACKER_RUN_UUID: 'run-7', PACKER_NO_COLOR: '1' });
    expect(fs.readdirSync(h.root)).toEqual([]);
  });

  it("logs each stderr line with the component's type, and hands it to the process's listener once there is one", async () => {
    const h = harness();
    const running = await h.run.launch(DOCKER);
    const heard: string[] = [];
    h.run.listen(running, (line) => heard.push(line));
    h.started[0].opts.onStderr?.(DOCKER, 'Container ID: abc');
    expect(h.log).toEqual(['docker: starting', 'docker: Container ID: abc']);
    expect(heard).toEqual(['Container ID: abc']);
  });

  it('gives a held process to one take() of the same component only, and closes what was never taken', async () => {
    const h = harness();
    const a = await h.run.launch(DOCKER);
    const b = await h.run.launch(component('builder', 'docker', '/elsewhere/packer-plugin-docker'));
    h.run.hold(DOCKER, a);
    h.run.hold(component('builder', 'docker', '/elsewhere/packer-plugin-docker'), b);
    expect(h.run.take(component('builder', 'qemu', '/p/packer-plugin-qemu'))).toBeUndefined();
    expect(h.run.take(DOCKER)).toBe(a);
    expect(h.run.take(DOCKER)).toBeUndefined();
    await h.run.closeIdle();
    expect(h.started.map((s) => s.closed)).toEqual([0, 1]);
  });

  it('hands a prepared builder to its build once; two builds of one name get none, and their processes are closed', async () => {
    const h = harness();
    const prepare = { generatedData: ['ImageSha256'], warnings: [] };
    const a = await h.run.launch(DOCKER);
    h.run.handOver('docker.a', { running: a, prepare });
    expect(h.run.claim('docker.a')).toEqual({ running: a, prepare });
    expect(h.run.claim('docker.a')).toBeUndefined();

    const b1 = await h.run.launch(DOCKER);
    const b2 = await h.run.launch(DOCKER);
    h.run.handOver('docker.b', { running: b1, prepare });
    h.run.handOver('docker.b', { running: b2, prepare });
    expect(h.run.claim('docker.b')).toBeUndefined();
    expect(h.started.map((s) => s.closed)).toEqual([0, 1, 1]);

    const c = await h.run.launch(DOCKER);
    h.run.handOver('docker.c', { running: c, prepare });
    await h.run.close();
    // The unclaimed one is closed; the claimed one is its build's to close.
    expect(h.started.map((s) => s.closed)).toEqual([0, 1, 1, 1]);
  });
});
