import * as fs from 'fs';
import * as path from 'path';

import {
  type PluginBuildersOptions,
  pluginBuilders,
  runtimesWithPlugins,
} from '../../src/cli/plugin-builders';
import { pluginLeftoverRules } from '../../src/cli/plugin-leftovers';
import { builtinRuntimes } from '../../src/components/runtime-catalog';
import type { BuilderRuntime, OnErrorPolicy, ProvisionHook, StepContext } from '../../src/engine/types';
import { bridgedSchema, encodeBridgedConfig, prepareComponent } from '../../src/plugins/bridge';
import { builderVariables } from '../../src/plugins/bridged-builder-runtime';
import { RunPlugins } from '../../src/plugins/run-plugins';
import type { PluginComponent } from '../../src/plugins/discovery';
import type { CtyType, ObjectSpec } from '../../src/plugins/hcl-spec';
import { PluginCrashError, type RunningComponent } from '../../src/plugins/launch';
import type { MuxBroker, RpcService } from '../../src/plugins/rpc';
import { RuntimeRegistry } from '../../src/sdk/runtimes';
import { decode } from '../support/component-decode';
import { fakeLedger, fakeStepContext, fakeUI } from '../support/engine-fakes';
import { tempDir } from '../support/temp';
import { type FakePlugin, fakePlugin } from '../plugins/bridge/fake-plugin';

/**
 * The bridged builders of `kiln build` (cli/plugin-builders.ts) against fake plugins: which types
 * get a runtime, what a plugin is started with (its environment, its log) and given (Prepare's
 * configs), that its process outlives the build until the run closes it, that what it names on its
 * Ui is in the ledger only as long as it could be left behind, and how the runtimes merge.
 */

jest.setTimeout(10_000);

const str: CtyType = { kind: 'primitive', name: 'string' };
const SPEC: ObjectSpec = {
  kind: 'object',
  attributes: {
    image: { kind: 'attr', name: 'image', type: str, required: false },
    region: { kind: 'attr', name: 'region', type: str, required: false },
  },
};

function component(type: string, source: string): PluginComponent {
  return {
    kind: 'builder',
    type,
    name: '-packer-default-plugin-name-',
    binary: `/plugins/${source}/packer-plugin-x_v1.0.0_x5.0_linux_amd64`,
    source,
    version: 'v1.0.0',
    description: {
      version: '1.0.0',
      sdkVersion: '0.6.2',
      apiVersion: 'x5.0',
      builders: [type],
      provisioners: [],
      postProcessors: [],
      datasources: [],
      protocolVersion: 'v2',
    },
  };
}

const DOCKER = component('docker', 'github.com/hashicorp/docker');
const DOCKER_SCHEMA = bridgedSchema({ component: DOCKER, spec: SPEC });
const CONTAINER = 'a'.repeat(64);

type Mode = 'artifact' | 'crash' | 'fails';

/** A builder that names a container, then returns an artifact or dies in Run. */
function fakeBuilder(plugin: () => FakePlugin, events: string[], mode: Mode) {
  return (_broker: MuxBroker): Record<string, RpcService> => ({
    Builder: {
      Prepare(arg) {
        const configs = (arg as { Configs: unknown[] }).Configs;
        events.push(
          `prepare ${configs
            .map((c) => (c instanceof Uint8Array ? Buffer.from(c).toString('utf8') : JSON.stringify(c)))
            .join(' ')}`,
        );
        return { GeneratedVars: [], Warnings: [], Error: null };
      },
      async Run(id) {
        const kiln = await plugin().dial(id as number);
        await kiln.call('Ui.Say', 'Starting docker container...');
        await kiln.call('Ui.Message', `Container ID: ${CONTAINER}`);
        if (mode === 'fails') throw new Error('Script exited with non-zero exit status: 1');
        return plugin().serve({
          Artifact: {
            BuilderId: () => 'packer.docker',
            Id: () => 'sha256:abc',
            Files: () => null,
            String: () => 'Exported Docker file',
            State: () => null,
            Destroy: () => {
              events.push('destroy');
              return null;
            },
          },
        });
      },
      Cancel: () => null,
    },
  });
}

interface Harness {
  readonly events: string[];
  readonly launches: { env: Readonly<Record<string, string>> | undefined }[];
  readonly plugins: FakePlugin[];
  readonly options: PluginBuildersOptions;
}

/** Fake launches: each a fake plugin; in 'crash' mode its Run fails as a dead plugin's does. */
function harness(mode: Mode, env: Record<string, string> = {}): Harness {
  const events: string[] = [];
  const launches: Harness['launches'] = [];
  const plugins: FakePlugin[] = [];
  const options: PluginBuildersOptions = {
    env: { DOCKER_HOST: 'unix:///run/test.sock', ...env },
    log: (line) => events.push(`log ${line}`),
    async launch(c, opts) {
      launches.push({ env: opts.env });
      opts.onStderr?.(c, 'plugin started');
      const plugin: FakePlugin = await fakePlugin(fakeBuilder(() => plugin, events, mode));
      plugins.push(plugin);
      const running = plugin.component;
      const wrapped: RunningComponent = {
        ...running,
        label: c.type,
        call: (method, args) =>
          mode === 'crash' && method === 'Builder.Run'
            ? running.call(method, args).then(() => {
                throw new PluginCrashError(`${c.type} plugin exited unexpectedly (killed by SIGKILL)`);
              })
            : running.call(method, args),
        close: async () => {
          events.push('close');
          await running.close();
        },
      };
      return wrapped;
    },
  };
  return { events, launches, plugins, options };
}

const NO_PROVISIONING: ProvisionHook = {
  run: () => Promise.resolve(),
  cleanup: () => Promise.resolve(),
};

function buildOf(type: string, schema = DOCKER_SCHEMA) {
  return { builder: { type, config: { schema } } };
}

function contextIn(dir: string, onError: OnErrorPolicy = 'cleanup'): StepContext {
  return fakeStepContext({
    build: { tempDir: dir, runId: 'run-42', buildName: 'slow', builderType: 'docker', onError },
    ui: fakeUI(),
    ledger: fakeLedger('run-42'),
  });
}

function onlyBuilder(runtimes: { builders?: readonly BuilderRuntime[] }): BuilderRuntime {
  expect(runtimes.builders).toHaveLength(1);
  return (runtimes.builders as readonly BuilderRuntime[])[0];
}

describe('pluginBuilders', () => {
  let h: Harness;
  afterEach(() => h?.plugins.forEach((p) => p.close()));

  it('makes one runtime per bridged builder type, none for native builders', () => {
    h = harness('artifact');
    const nativeFile = { builder: { type: 'file', config: { schema: { kind: 'builder', type: 'file' } } } };
    const plugins = pluginBuilders(
      [buildOf('docker'), buildOf('docker'), nativeFile as unknown as ReturnType<typeof buildOf>],
      h.options,
    );
    expect((plugins.runtimes.builders ?? []).map((b) => b.type)).toEqual(['docker']);
  });

  it("starts the plugin with PACKER_RUN_UUID and a PACKER_TMP_DIR in the build's directory, logs its stderr, prepares with the core variables and the cty config", async () => {
    h = harness('artifact');
    const dir = tempDir('kiln-plugin-builders-');
    const plugins = pluginBuilders([buildOf('docker')], h.options);
    const config = decode(DOCKER_SCHEMA, 'image = "busybox"\n');
    const ctx = contextIn(dir);
    const artifact = await onlyBuilder(plugins.runtimes).run(config, ctx, NO_PROVISIONING);
    expect(artifact?.id).toBe('sha256:abc');
    const tmp = path.join(dir, 'packer-tmp');
    expect(h.launches).toEqual([{ env: { PACKER_RUN_UUID: 'run-42', PACKER_TMP_DIR: tmp } }]);
    expect(fs.statSync(tmp).mode & 0o777).toBe(0o700);
    expect(h.events[0]).toBe('log docker: plugin started');
    expect(JSON.parse(h.events[1].slice('prepare '.length).split(' {"value"')[0])).toMatchObject({
      packer_build_name: 'slow',
      packer_builder_type: 'docker',
      packer_debug: 'false',
      packer_force: 'false',
      packer_on_error: 'cleanup',
    });
    expect(h.events[1]).toContain('"value":{"image":"busybox","region":null}');
    await plugins.close();
  });

  it('keeps a PACKER_TMP_DIR the user set, and passes a legacy template its configuration first', async () => {
    h = harness('artifact', { PACKER_TMP_DIR: '/var/tmp/mine' });
    const plugins = pluginBuilders([buildOf('docker')], { ...h.options, legacy: true });
    const ctx = contextIn(tempDir('kiln-plugin-builders-'));
    await onlyBuilder(plugins.runtimes).run(decode(DOCKER_SCHEMA, ''), ctx, NO_PROVISIONING);
    expect(h.launches).toEqual([{ env: { PACKER_RUN_UUID: 'run-42' } }]);
    expect(h.events[1]).toMatch(/^prepare \{"value":.*\} \{"packer_build_name":"slow"/);
    await plugins.close();
  });

  it("runs a build on the process prepared for it (no second Prepare), with the run's environment; other builds start their own", async () => {
    h = harness('artifact');
    const root = tempDir('kiln-plugin-builders-');
    const run = new RunPlugins({ runId: 'run-42', env: {}, launch: h.options.launch, tempRoot: root });
    const config = decode(DOCKER_SCHEMA, 'image = "busybox"\n');
    const ctx = contextIn(tempDir('kiln-plugin-builders-'));
    // What plugin-prepare.ts does when the template is read: Prepare, then hand the process over.
    const running = await run.launch(DOCKER);
    const prepare = await prepareComponent(running, 'builder', {
      config: encodeBridgedConfig(config),
      core: builderVariables(ctx.build, '1.11.2'),
    });
    run.handOver(ctx.build.name, { running, prepare });
    const [runDir] = fs.readdirSync(root);
    expect(runDir).toMatch(/^kiln-plugins-/);
    const env = { PACKER_RUN_UUID: 'run-42', PACKER_TMP_DIR: path.join(root, runDir) };
    expect(h.launches).toEqual([{ env }]);

    const plugins = pluginBuilders([buildOf('docker')], { ...h.options, run });
    const runtime = onlyBuilder(plugins.runtimes);
    expect((await runtime.run(config, ctx, NO_PROVISIONING))?.id).toBe('sha256:abc');
    expect(h.launches).toHaveLength(1);
    expect(h.events.filter((e) => e.startsWith('prepare '))).toHaveLength(1);
    // Nothing was prepared for another build: it starts a process of its own, and prepares it.
    const other = fakeStepContext({ ...ctx, build: { ...ctx.build, name: 'docker.other' } });
    await runtime.run(config, other, NO_PROVISIONING);
    expect(h.launches).toEqual([{ env }, { env }]);
    expect(h.events.filter((e) => e.startsWith('prepare '))).toHaveLength(2);
    await plugins.close();
    // Both processes are the run's to close (closing twice is harmless), and close does.
    expect(h.events.filter((e) => e === 'close').length).toBeGreaterThanOrEqual(2);
    await run.close();
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it('keeps the plugin up for its artifact until close(), and strikes its container off once Run returned', async () => {
    h = harness('artifact');
    const plugins = pluginBuilders([buildOf('docker')], h.options);
    const ctx = contextIn(tempDir('kiln-plugin-builders-'));
    const artifact = await onlyBuilder(plugins.runtimes).run(decode(DOCKER_SCHEMA, ''), ctx, NO_PROVISIONING);
    expect(ctx.ledger.outstanding()).toEqual([]);
    expect(h.events).not.toContain('close');
    await artifact?.destroy();
    expect(h.events).toContain('destroy');
    await plugins.close();
    expect(h.events.filter((e) => e === 'close').length).toBeGreaterThanOrEqual(1);
    // Closing again has nothing left to do.
    const closes = h.events.length;
    await plugins.close();
    expect(h.events).toHaveLength(closes);
  });

  it('leaves the container a dead plugin named in the ledger, and the plugin reaped', async () => {
    h = harness('crash');
    const plugins = pluginBuilders([buildOf('docker')], h.options);
    const ctx = contextIn(tempDir('kiln-plugin-builders-'));
    await expect(
      onlyBuilder(plugins.runtimes).run(decode(DOCKER_SCHEMA, ''), ctx, NO_PROVISIONING),
    ).rejects.toThrow('docker plugin exited unexpectedly (killed by SIGKILL)');
    expect(ctx.ledger.outstanding()).toEqual([
      { id: CONTAINER, kind: 'docker-container', data: { dockerHost: 'unix:///run/test.sock' } },
    ]);
    expect(h.events).toContain('close');
    await plugins.close();
  });

  it('records what a plugin names in its log by the rules for the log, and nothing after its Run', async () => {
    h = harness('artifact');
    const plugins = pluginBuilders([buildOf('docker')], {
      ...h.options,
      leftovers: () => [
        {
          pattern: /^plugin (started)$/,
          in: 'log',
          resource: (m) => ({ id: m[1], kind: 'temp-path', data: {} }),
        },
        // A Ui rule does not read the log.
        { pattern: /plugin/, resource: () => ({ id: 'ui', kind: 'temp-path', data: {} }) },
      ],
    });
    const ledger = fakeLedger('run-42');
    const ctx = { ...contextIn(tempDir('kiln-plugin-builders-')), ledger };
    const records: string[] = [];
    const record = ledger.record;
    ledger.record = (r) => {
      records.push(r.id);
      record(r);
    };
    await onlyBuilder(plugins.runtimes).run(decode(DOCKER_SCHEMA, ''), ctx, NO_PROVISIONING);
    expect(records).toEqual(['started']);
    expect(ledger.outstanding()).toEqual([]);
    await plugins.close();
  });

  it.each([
    ['cleanup', false],
    ['run-cleanup-provisioner', false],
    ['abort', true],
    ['ask', true],
  ] as const)(
    'after a failed Run with -on-error=%s, the container stays in the ledger: %s',
    async (onError, kept) => {
      h = harness('fails');
      const plugins = pluginBuilders([buildOf('docker')], h.options);
      const ctx = contextIn(tempDir('kiln-plugin-builders-'), onError);
      await expect(
        onlyBuilder(plugins.runtimes).run(decode(DOCKER_SCHEMA, ''), ctx, NO_PROVISIONING),
      ).rejects.toThrow('Script exited with non-zero exit status: 1');
      expect(ctx.ledger.outstanding().map((r) => r.id)).toEqual(kept ? [CONTAINER] : []);
      await plugins.close();
    },
  );
});

describe('pluginLeftoverRules', () => {
  const rules = (c: PluginComponent, src = '', env: Record<string, string> = {}) =>
    pluginLeftoverRules(c, decode(bridgedSchema({ component: c, spec: SPEC }), src), env);
  const resources = (c: PluginComponent, lines: string[], src = '') =>
    lines.flatMap((l) =>
      rules(c, src).flatMap((r) => {
        const m = r.pattern.exec(l);
        const res = m ? r.resource(m) : undefined;
        return res ? [res] : [];
      }),
    );

  it("reads the docker plugin's container and the amazon plugin's instance and key pair", () => {
    expect(resources(DOCKER, [`Container ID: ${CONTAINER}`, 'Container ID: not-an-id'])).toEqual([
      { id: CONTAINER, kind: 'docker-container', data: { dockerHost: '' } },
    ]);
    const ebs = component('amazon-ebs', 'github.com/hashicorp/amazon');
    expect(
      resources(
        ebs,
        [
          'Instance ID: i-0abc1234',
          'Creating temporary keypair: packer_6b14',
          'Waiting for instance (i-0abc1234)',
        ],
        'region = "eu-west-1"\n',
      ),
    ).toEqual([
      { id: 'i-0abc1234', kind: 'aws-instance', data: { region: 'eu-west-1', endpoint: '' } },
      { id: 'packer_6b14', kind: 'aws-key-pair', data: { region: 'eu-west-1', endpoint: '' } },
    ]);
    const [group] = rules(ebs, 'region = "eu-west-1"\n').filter((r) => r.in === 'log');
    const line = '2026/12/06 01:32:34 [DEBUG] Waiting for temporary security group: sg-0123abcd';
    const m = group.pattern.exec(line);
    expect(m && group.resource(m)).toEqual({
      id: 'sg-0123abcd',
      kind: 'aws-security-group',
      data: { region: 'eu-west-1', endpoint: '' },
    });
    // Without a region in the configuration there is nowhere to sweep from.
    expect(rules(ebs)).toEqual([]);
  });

  it('has nothing for other plugins', () => {
    expect(rules(component('vsphere-iso', 'github.com/hashicorp/vsphere'))).toEqual([]);
    expect(rules(component('docker', 'github.com/someone/docker'))).toEqual([]);
  });
});

describe('runtimesWithPlugins', () => {
  const builder = (type: string): BuilderRuntime => ({ type, run: () => Promise.resolve(undefined) });

  it('runs a bridged type from its plugin over a native runtime of the same type', () => {
    const native = builtinRuntimes();
    const bridged = builder('docker');
    const lookup = runtimesWithPlugins(native, { builders: [bridged] });
    expect(lookup.builder('docker')).toBe(bridged);
    expect(lookup.builder('file')).toBe(native.builder('file'));
    expect(lookup.provisioner('shell')).toBe(native.provisioner('shell'));
    expect(lookup.postProcessor('manifest')).toBe(native.postProcessor('manifest'));
  });

  it('forgets a cannotRun mark for a type a plugin runs', () => {
    const native = new RuntimeRegistry([
      { cannotRun: [{ kind: 'builder', type: 'qemu', reason: 'not yet' }] },
    ]);
    expect(runtimesWithPlugins(native).cannotRun('builder', 'qemu')).toBe('not yet');
    expect(runtimesWithPlugins(native, { builders: [builder('qemu')] }).cannotRun('builder', 'qemu')).toBe(
      undefined,
    );
  });

  it('refuses two plugin sets claiming one type', () => {
    expect(() =>
      runtimesWithPlugins(new RuntimeRegistry(), { builders: [builder('x')] }, { builders: [builder('x')] }),
    ).toThrow('builder x is registered twice');
  });
});
