import { CancelledError } from '../../../src/engine/abort';
import type { Artifact, Communicator, ProvisionContext } from '../../../src/engine/types';
import { bridgedPostProcessorRuntime } from '../../../src/plugins/bridged-post-processor';
import { bridgedProvisionerRuntime, pluginGeneratedData } from '../../../src/plugins/bridged-provisioner';
import { readArtifact } from '../../../src/plugins/clients/artifact';
import { PluginCommunicator } from '../../../src/plugins/clients/communicator';
import type { MuxBroker, RpcService } from '../../../src/plugins/rpc';
import type { DecodedConfig } from '../../../src/schema/types';
import { fakeStepContext, fakeUI } from '../../support/engine-fakes';
import { type FakePlugin, fakePlugin } from './fake-plugin';

/**
 * The bridged provisioner and post-processor runtimes against a fake plugin served as the SDK's
 * ProvisionerServer and PostProcessorServer behave: Prepare/Configure with the configs, then the
 * long call, which first dials what Kiln serves (Ui and Communicator, or Ui and Artifact) and only
 * then creates the cancel function its Cancel calls — a Cancel before that is recorded as 'panic'
 * (a real provisioner plugin crashes on it).
 */

jest.setTimeout(10_000);

const CONFIG = {} as DecodedConfig;
const ECHO: Communicator = {
  type: 'memory',
  async start(cmd) {
    await cmd.onStdout?.(Buffer.from(`ran ${cmd.command}\n`));
    return { exitStatus: 0 };
  },
  upload: () => Promise.resolve(),
  uploadDir: () => Promise.resolve(),
  download: () => Promise.resolve(),
  downloadDir: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

function provisionContext(signal?: AbortSignal): ProvisionContext & { ui: ReturnType<typeof fakeUI> } {
  const ui = fakeUI();
  return {
    ...fakeStepContext({ ui, ...(signal ? { signal } : {}) }),
    ui,
    communicator: ECHO,
    generated: { ID: 'c1', Port: '22', SSHAgentAuth: 'false', Host: '127.0.0.1' },
  };
}

type ProvisionerMode = 'runs' | 'waits-for-cancel';

function fakeProvisioner(plugin: () => FakePlugin, mode: ProvisionerMode, events: string[]) {
  let cancel: (() => void) | undefined;
  return (broker: MuxBroker): Record<string, RpcService> => ({
    Provisioner: {
      Prepare(arg) {
        const configs = (arg as { Configs: unknown[] }).Configs;
        events.push(`prepare ${JSON.stringify(configs)}`);
        if (configs.includes('bad')) throw new Error('1 error(s) occurred:\n\n* greeting is required');
        return null;
      },
      async Provision(arg) {
        const a = arg as { GeneratedData: Record<string, unknown>; StreamID: number };
        events.push(`provision ${JSON.stringify(a.GeneratedData)}`);
        const kiln = await plugin().dial(a.StreamID);
        const cancelled = new Promise<void>((resolve) => (cancel = resolve));
        await kiln.call('Ui.Say', 'provisioning');
        const comm = new PluginCommunicator(kiln, broker);
        let out = '';
        const r = await comm.start(
          { command: 'uname', onStdout: (c) => void (out += c.toString()) },
          new AbortController().signal,
        );
        events.push(`command ${r.exitStatus} ${out.trim()}`);
        if (mode === 'waits-for-cancel') {
          await cancelled;
          events.push('cleaned up');
          throw new Error('provisioning cancelled');
        }
        return null;
      },
      Cancel() {
        events.push(cancel ? 'cancel' : 'panic');
        cancel?.();
        return null;
      },
    },
  });
}

describe('a bridged provisioner', () => {
  let plugin: FakePlugin;
  afterEach(() => plugin.close());

  function runtime(mode: ProvisionerMode, events: string[]) {
    return bridgedProvisionerRuntime({
      type: 'fx-my-provisioner',
      launch: async () => {
        plugin = await fakePlugin(fakeProvisioner(() => plugin, mode, events));
        const close = plugin.component.close;
        return {
          ...plugin.component,
          close: () => {
            events.push('closed');
            return close();
          },
        };
      },
      configs: (_config, ctx) => [
        { packer_build_name: ctx.build.buildName },
        ctx.generated.ID === 'bad' ? 'bad' : 'cfg',
      ],
    });
  }

  it('is prepared again, then provisions over the Ui and Communicator Kiln serves; the plugin is closed', async () => {
    const events: string[] = [];
    const ctx = provisionContext();
    await runtime('runs', events).provision(CONFIG, ctx);
    expect(events).toEqual([
      'prepare [{"packer_build_name":"test"},"cfg"]',
      // Packer core's types: Port an int, SSHAgentAuth a bool.
      'provision {"ID":"c1","Port":22,"SSHAgentAuth":false,"Host":"127.0.0.1"}',
      'command 0 ran uname',
      'closed',
    ]);
    expect(ctx.ui.lines).toEqual(['say provisioning']);
  });

  it("fails with the plugin's Prepare error, without provisioning", async () => {
    const events: string[] = [];
    const ctx = { ...provisionContext(), generated: { ID: 'bad' } };
    await expect(runtime('runs', events).provision(CONFIG, ctx)).rejects.toThrow('* greeting is required');
    expect(events).toEqual(['prepare [{"packer_build_name":"test"},"bad"]', 'closed']);
  });

  it('cancels Provision once the plugin is in it, waits for its cleanup, and closes it', async () => {
    const events: string[] = [];
    const abort = new AbortController();
    const ctx = provisionContext(abort.signal);
    // Cancelled as the plugin enters Provision, before it dialled Kiln: Cancel waits for that.
    const record = events.push.bind(events);
    events.push = (...items: string[]) => {
      if (items[0].startsWith('provision')) abort.abort();
      return record(...items);
    };
    const done = runtime('waits-for-cancel', events).provision(CONFIG, ctx);
    await expect(done).rejects.toThrow(CancelledError);
    // (Whether the command ends before the Cancel arrives is the plugin's race, not Kiln's.)
    expect(events.slice(1).filter((e) => !e.startsWith('command'))).toEqual([
      'provision {"ID":"c1","Port":22,"SSHAgentAuth":false,"Host":"127.0.0.1"}',
      'cancel',
      'cleaned up',
      'closed',
    ]);
  });

  it('hands generated data on as Packer core types it', () => {
    expect(
      pluginGeneratedData({ Port: '2222', SSHAgentAuth: 'true', User: 'root', PackerHTTPPort: 'ERR' }),
    ).toEqual({
      Port: 2222,
      SSHAgentAuth: true,
      User: 'root',
      PackerHTTPPort: 'ERR',
    });
  });
});

type PostProcessorMode = 'new-artifact' | 'no-artifact' | 'fails' | 'waits-for-cancel';

function fakePostProcessor(plugin: () => FakePlugin, mode: PostProcessorMode, events: string[]) {
  let cancel: (() => void) | undefined;
  return (): Record<string, RpcService> => ({
    PostProcessor: {
      Configure(arg) {
        events.push(`configure ${JSON.stringify((arg as { Configs: unknown[] }).Configs)}`);
        return null;
      },
      async PostProcess(id) {
        const kiln = await plugin().dial(id as number);
        const input = await readArtifact(kiln);
        events.push(`input ${input.builderId} ${input.id} ${JSON.stringify(input.state.generated_data)}`);
        const cancelled = new Promise<void>((resolve) => (cancel = resolve));
        await kiln.call('Ui.Say', 'post-processing');
        if (mode === 'waits-for-cancel') {
          await cancelled;
          events.push('stopped');
          return { Err: { Message: 'context canceled' }, Keep: false, ForceOverride: false, StreamId: 0 };
        }
        if (mode === 'fails')
          return { Err: { Message: 'no can do' }, Keep: false, ForceOverride: false, StreamId: 0 };
        if (mode === 'no-artifact') return { Err: null, Keep: true, ForceOverride: false, StreamId: 0 };
        const served = plugin().serve({
          Artifact: {
            BuilderId: () => 'kiln.fixture',
            Id: () => `pp-${input.id}`,
            Files: () => ['/out/x'],
            String: () => 'a post-processed thing',
            State: (name) => (name === 'generated_data' ? { From: input.id } : null),
            Destroy: () => {
              events.push('destroyed');
              return null;
            },
          },
        });
        return { Err: null, Keep: true, ForceOverride: true, StreamId: served };
      },
      Cancel() {
        events.push('cancel');
        cancel?.();
        return null;
      },
    },
  });
}

describe('a bridged post-processor', () => {
  let plugin: FakePlugin;
  afterEach(() => plugin.close());
  const input: Artifact = {
    builderId: 'packer.docker',
    id: 'sha256:1',
    files: [],
    description: 'Imported Docker image: sha256:1',
    state: { generated_data: { ImageSha256: 'sha256:1' } },
    destroy: () => Promise.resolve(),
  };

  function runtime(mode: PostProcessorMode, events: string[], retained: (() => Promise<void>)[]) {
    return bridgedPostProcessorRuntime({
      type: 'fx-my-post-processor',
      launch: async () => {
        plugin = await fakePlugin(fakePostProcessor(() => plugin, mode, events));
        const close = plugin.component.close;
        return {
          ...plugin.component,
          close: () => {
            events.push('closed');
            return close();
          },
        };
      },
      configs: () => ['core', 'cfg'],
      retain: (close) => void retained.push(close),
    });
  }

  it("reads Kiln's artifact through the plugin's call, returns the plugin's artifact, destroyable until closed", async () => {
    const events: string[] = [];
    const retained: (() => Promise<void>)[] = [];
    const ctx = fakeStepContext({ ui: fakeUI() });
    const result = await runtime('new-artifact', events, retained).postProcess(CONFIG, input, ctx);
    expect(result).toMatchObject({ keepInput: true, forceOverride: true });
    expect(result.artifact).toMatchObject({
      builderId: 'kiln.fixture',
      id: 'pp-sha256:1',
      files: ['/out/x'],
      description: 'a post-processed thing',
      state: { generated_data: { From: 'sha256:1' } },
    });
    expect(events).toEqual([
      'configure ["core","cfg"]',
      'input packer.docker sha256:1 {"ImageSha256":"sha256:1"}',
    ]);
    // The plugin still runs: the artifact's Destroy reaches it; the owner closes it at the end.
    await result.artifact?.destroy();
    expect(retained).toHaveLength(1);
    await retained[0]();
    expect(events.slice(2)).toEqual(['destroyed', 'closed']);
  });

  it('returns no artifact when the plugin returns none, and closes the plugin at once', async () => {
    const events: string[] = [];
    const retained: (() => Promise<void>)[] = [];
    const result = await runtime('no-artifact', events, retained).postProcess(
      CONFIG,
      input,
      fakeStepContext(),
    );
    expect(result).toEqual({ keepInput: true, forceOverride: false });
    expect(retained).toEqual([]);
    expect(events.at(-1)).toBe('closed');
  });

  it("fails with the plugin's error", async () => {
    const events: string[] = [];
    await expect(runtime('fails', events, []).postProcess(CONFIG, input, fakeStepContext())).rejects.toThrow(
      'no can do',
    );
    expect(events.at(-1)).toBe('closed');
  });

  it('is cancelled with PostProcessor.Cancel once inside PostProcess, and closed', async () => {
    const events: string[] = [];
    const abort = new AbortController();
    const ui = fakeUI();
    const say = ui.say.bind(ui);
    // Cancelled once the plugin speaks from inside PostProcess.
    ui.say = (text) => {
      say(text);
      abort.abort();
    };
    const done = runtime('waits-for-cancel', events, []).postProcess(
      CONFIG,
      input,
      fakeStepContext({ ui, signal: abort.signal }),
    );
    await expect(done).rejects.toThrow(CancelledError);
    expect(events.slice(1)).toEqual([
      'input packer.docker sha256:1 {"ImageSha256":"sha256:1"}',
      'cancel',
      'stopped',
      'closed',
    ]);
  });
});
