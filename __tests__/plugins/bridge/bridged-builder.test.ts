import { CancelledError } from '../../../src/engine/abort';
import type { ProvisionHook } from '../../../src/engine/types';
import { PluginHangError, PluginPrepareError, runBridgedBuilder } from '../../../src/plugins/bridged-builder';
import { bridgedBuilderRuntime } from '../../../src/plugins/bridged-builder-runtime';
import { BuilderClient } from '../../../src/plugins/clients/builder';
import type { MuxBroker, RpcService } from '../../../src/plugins/rpc';
import { fakeStepContext, fakeUI } from '../../support/engine-fakes';
import { fakeCommunicator } from './fake-communicator';
import { type FakePlugin, fakePlugin } from './fake-plugin';

jest.setTimeout(10_000);

type Mode = 'artifact' | 'none' | 'honours-cancel' | 'ignores-cancel' | 'provisions';

/**
 * A builder as the SDK's BuilderServer serves one: Run dials Kiln's Ui and Hook on the id it was
 * given, and only then creates the cancel function Cancel calls — a Cancel before that is the
 * nil-function panic that would crash a real plugin, recorded here as 'panic'.
 */
function fakeBuilder(plugin: () => FakePlugin, mode: Mode, events: string[], dialDelayMs = 0) {
  let cancel: (() => void) | undefined;
  return (broker: MuxBroker): Record<string, RpcService> => ({
    Builder: {
      Prepare(arg) {
        const configs = (arg as { Configs: unknown[] }).Configs;
        events.push(`prepare ${JSON.stringify(configs[0])}`);
        if (configs[0] === 'bad') {
          return { GeneratedVars: null, Warnings: null, Error: { Message: '1 error(s) occurred:\n\n* bad' } };
        }
        return { GeneratedVars: ['Generated'], Warnings: ['deprecated option'], Error: null };
      },
      async Run(id) {
        events.push('run');
        await new Promise((r) => setTimeout(r, dialDelayMs));
        const kiln = await plugin().dial(id as number);
        events.push('dialled');
        const cancelled = new Promise<void>((resolve) => (cancel = resolve));
        await kiln.call('Ui.Say', 'running');
        switch (mode) {
          case 'artifact':
            return plugin().serve({ Artifact: fakeArtifact(events) });
          case 'none':
            return 0;
          case 'honours-cancel':
            await cancelled;
            await kiln.call('Ui.Say', 'cleaning up');
            throw new Error('Build was cancelled.');
          case 'ignores-cancel':
            return new Promise(() => undefined);
          case 'provisions': {
            const comm = fakeCommunicator(broker, () => ({ out: 'ok\n', status: 0 }));
            const data = { ID: 'i-1', ConnType: 'ssh' };
            const run = (name: string) =>
              kiln.call('Hook.Run', {
                Name: name,
                Data: data,
                StreamId: plugin().serve({ Communicator: comm.service }),
              });
            const provisioned = await run('packer_provision').catch((e: Error) => e.message);
            events.push(`provision: ${String(provisioned)}`);
            await kiln.call(
              'Ui.Say',
              'Provisioning step had errors: Running the cleanup provisioner, if present...',
            );
            await run('packer_cleanup_provision');
            throw new Error(String(provisioned));
          }
        }
      },
      Cancel() {
        events.push(cancel ? 'cancel' : 'panic');
        cancel?.();
        return null;
      },
    },
  });
}

function fakeArtifact(events: string[]): RpcService {
  return {
    BuilderId: () => 'packer.post-processor.docker-import',
    Id: () => 'sha256:abc',
    Files: () => null,
    String: () => 'Imported Docker image: sha256:abc',
    State: (name) => (name === 'generated_data' ? { ImageSha256: 'sha256:abc', Port: 22 } : null),
    Destroy: () => {
      events.push('destroy');
      return { Message: 'image is in use' };
    },
  };
}

describe('a bridged builder against a fake plugin', () => {
  let plugin: FakePlugin;
  const events: string[] = [];
  beforeEach(() => (events.length = 0));
  afterEach(() => plugin.close());

  async function start(mode: Mode, dialDelayMs = 0): Promise<FakePlugin> {
    plugin = await fakePlugin(fakeBuilder(() => plugin, mode, events, dialDelayMs));
    return plugin;
  }

  it('prepares, runs with Kiln serving Ui, and reads the artifact the plugin serves', async () => {
    await start('artifact');
    const ui = fakeUI();
    const warnings: string[] = [];
    const build = await runBridgedBuilder({
      component: plugin.component,
      configs: [{ packer_build_name: 'b' }, Buffer.from('{}')],
      ui,
      signal: new AbortController().signal,
      provision: () => Promise.resolve(),
      onPrepared: (p) => warnings.push(...p.warnings),
    });
    expect(build.prepare).toEqual({ generatedVars: ['Generated'], warnings: ['deprecated option'] });
    expect(warnings).toEqual(['deprecated option']);
    expect(ui.said).toEqual(['running']);
    const artifact = build.artifact!;
    expect(artifact).toMatchObject({
      builderId: 'packer.post-processor.docker-import',
      id: 'sha256:abc',
      files: [],
      description: 'Imported Docker image: sha256:abc',
      state: { generated_data: { ImageSha256: 'sha256:abc', Port: 22 } },
    });
    expect(await artifact.stateOf('nothing')).toBeNull();
    // Destroy's error travels in its reply, not as the call's error.
    await expect(artifact.destroy()).rejects.toThrow('image is in use');
    expect(events).toEqual(['prepare {"packer_build_name":"b"}', 'run', 'dialled', 'destroy']);
    await build.close();
  });

  it('resolves without an artifact when Run returns 0', async () => {
    await start('none');
    const build = await runBridgedBuilder({
      component: plugin.component,
      configs: [{}],
      ui: fakeUI(),
      signal: new AbortController().signal,
      provision: () => Promise.resolve(),
    });
    expect(build.artifact).toBeUndefined();
  });

  it("fails with the plugin's Prepare error, without running", async () => {
    await start('artifact');
    const close = jest.spyOn(plugin.component, 'close');
    const failure = runBridgedBuilder({
      component: plugin.component,
      configs: ['bad'],
      ui: fakeUI(),
      signal: new AbortController().signal,
      provision: () => Promise.resolve(),
    });
    await expect(failure).rejects.toThrow(new PluginPrepareError('1 error(s) occurred:\n\n* bad'));
    expect(events).toEqual(['prepare "bad"']);
    expect(close).toHaveBeenCalled();
  });

  it('sends Cancel only once the plugin is inside Run, then waits for its cleanup', async () => {
    // The plugin takes 300 ms to reach its Run; the build is cancelled right after Run is sent.
    await start('honours-cancel', 300);
    const ui = fakeUI();
    const abort = new AbortController();
    const failure = runBridgedBuilder({
      component: plugin.component,
      configs: [{}],
      ui,
      signal: abort.signal,
      provision: () => Promise.resolve(),
      onPrepared: () => setImmediate(() => abort.abort()),
    });
    await expect(failure).rejects.toThrow(CancelledError);
    expect(events).toEqual(['prepare {}', 'run', 'dialled', 'cancel']);
    expect(ui.said).toEqual(['running', 'cleaning up']);
  });

  it('does not start Run when cancelled during Prepare, and kills a plugin that ignores Cancel', async () => {
    await start('honours-cancel');
    const early = new AbortController();
    early.abort();
    const args = { configs: [{}], ui: fakeUI(), provision: () => Promise.resolve() };
    await expect(
      runBridgedBuilder({ ...args, component: plugin.component, signal: early.signal }),
    ).rejects.toThrow(CancelledError);
    expect(events).toEqual([]);
    plugin.close();

    await start('ignores-cancel');
    const abort = new AbortController();
    const failure = runBridgedBuilder({
      ...args,
      component: plugin.component,
      signal: abort.signal,
      timeouts: { cancelGraceMs: 300 },
      onPrepared: () => setTimeout(() => abort.abort(), 100),
    });
    await expect(failure).rejects.toThrow(PluginHangError);
    await expect(failure).rejects.toThrow(
      'fake plugin did not stop within 0.3s of being cancelled; it was killed',
    );
    expect(events).toEqual(['prepare {}', 'run', 'dialled', 'cancel']);
  });
});

describe('a bridged builder as an engine BuilderRuntime', () => {
  it("runs the engine's provision hook for packer_provision and its cleanup for packer_cleanup_provision", async () => {
    const events: string[] = [];
    let plugin: FakePlugin | undefined;
    const ctx = fakeStepContext();
    const calls: string[] = [];
    const hook: ProvisionHook = {
      async run(communicator, generated, stepCtx) {
        const out: string[] = [];
        const r = await communicator.start(
          { command: 'id', onStdout: (c) => void out.push(c.toString()) },
          stepCtx.signal,
        );
        calls.push(`run ${communicator.type} ${generated.ID} ${out.join('')}exit ${r.exitStatus}`);
        throw new Error('Script exited with non-zero exit status: 1');
      },
      async cleanup(stepCtx) {
        calls.push(`cleanup ${stepCtx.outcome}`);
        // What the engine's cleanup says first: the plugin has said it already.
        stepCtx.ui.say('Provisioning step had errors: Running the cleanup provisioner, if present...');
        stepCtx.ui.say('cleanup provisioner ran');
      },
    };
    const runtime = bridgedBuilderRuntime({
      type: 'fake',
      launch: async () => {
        plugin = await fakePlugin(fakeBuilder(() => plugin!, 'provisions', events));
        return { component: plugin.component };
      },
      configs: () => [{ packer_build_name: ctx.build.buildName }],
    });
    try {
      await expect(runtime.run({} as never, ctx, hook)).rejects.toThrow(
        'Script exited with non-zero exit status: 1',
      );
    } finally {
      plugin?.close();
    }
    expect(calls).toEqual(['run ssh i-1 ok\nexit 0', 'cleanup failed']);
    expect(events).toContain('provision: Script exited with non-zero exit status: 1');
    const said = (ctx.ui as ReturnType<typeof fakeUI>).said;
    expect(said).toEqual([
      'running',
      'Provisioning step had errors: Running the cleanup provisioner, if present...',
      'cleanup provisioner ran',
    ]);
  });

  it('reads the builder spec through the client', async () => {
    const plugin = await fakePlugin(() => ({ Builder: { ConfigSpec: () => ({ ConfigSpec: null }) } }));
    try {
      await expect(new BuilderClient(plugin.component).configSpec()).rejects.toThrow(
        'fake: Builder.ConfigSpec answered no spec',
      );
    } finally {
      plugin.close();
    }
  });
});
