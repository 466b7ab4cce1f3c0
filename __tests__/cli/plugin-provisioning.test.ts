import { runtimesWithPlugins } from '../../src/cli/plugin-builders';
import { pluginProvisioning } from '../../src/cli/plugin-provisioning';
import type { PostProcessorRuntime, ProvisionerRuntime } from '../../src/engine/types';
import { bridgedSchema } from '../../src/plugins/bridge';
import type { PluginComponent } from '../../src/plugins/discovery';
import type { PluginDescription } from '../../src/plugins/describe';
import type { ComponentSchema } from '../../src/schema/types';
import { RuntimeRegistry } from '../../src/sdk/runtimes';
import type { ExpandedBuild } from '../../src/template/model';

/**
 * `kiln build`'s composition of runtimes: the bridged provisioners and post-processors of the
 * prepared builds get runtimes of their plugins, laid over the native ones (a type KILN_PLUGINS
 * sends to its plugin is found there first); nothing is started until a build runs one.
 */

const provisioner = (type: string): ProvisionerRuntime => ({ type, provision: () => Promise.resolve() });
const postProcessor = (type: string): PostProcessorRuntime => ({
  type,
  postProcess: () => Promise.reject(new Error('native')),
});

function bridged(kind: 'provisioner' | 'post-processor', type: string): ComponentSchema {
  const component: PluginComponent = {
    kind,
    type,
    name: type.replace(/^fx-/, ''),
    binary: '/nonexistent/packer-plugin-fx',
    source: 'github.com/kiln-project/kilnfixture',
    version: '0.2.0',
    description: {} as PluginDescription,
  };
  return bridgedSchema({ component, spec: { kind: 'object', attributes: {} } });
}

const native = (type: string, kind: string): ComponentSchema =>
  ({ kind, type, plugin: 'builtin', doc: '', fields: [] }) as unknown as ComponentSchema;

/** The parts of an expanded build pluginProvisioning reads. */
function build(provisioners: ComponentSchema[], chains: ComponentSchema[][]): ExpandedBuild {
  const instance = (schema: ComponentSchema) => ({ type: schema.type, config: { schema } });
  return {
    name: 'docker.c',
    builder: { type: 'docker', config: { schema: native('docker', 'builder') } },
    provisioners: provisioners.map(instance),
    postProcessorChains: chains.map((c) => c.map(instance)),
  } as unknown as ExpandedBuild;
}

describe('pluginProvisioning', () => {
  it('makes a runtime for each bridged provisioner and post-processor type, none for native ones', async () => {
    const builds = [
      build(
        [native('shell', 'provisioner'), bridged('provisioner', 'fx-my-provisioner')],
        [[bridged('post-processor', 'docker-tag'), native('manifest', 'post-processor')]],
      ),
      build(
        [bridged('provisioner', 'fx-my-provisioner')],
        [[bridged('post-processor', 'fx-my-post-processor')]],
      ),
    ];
    const plugins = pluginProvisioning(builds, { env: {} });
    expect(plugins.runtimes.provisioners?.map((r) => r.type)).toEqual(['fx-my-provisioner']);
    expect(plugins.runtimes.postProcessors?.map((r) => r.type)).toEqual([
      'docker-tag',
      'fx-my-post-processor',
    ]);
    // Nothing ran, so nothing is retained.
    await plugins.close();
  });
});

describe('runtimesWithPlugins', () => {
  it("finds a plugin's runtime before the native one of the same type, and the rest natively", () => {
    const nativeTag = postProcessor('docker-tag');
    const registry = new RuntimeRegistry([
      {
        provisioners: [provisioner('shell')],
        postProcessors: [nativeTag, postProcessor('manifest')],
        cannotRun: [{ kind: 'provisioner', type: 'ansible', reason: 'not yet' }],
      },
    ]);
    const pluginTag = postProcessor('docker-tag');
    const lookup = runtimesWithPlugins(registry, {
      provisioners: [provisioner('fx-my-provisioner')],
      postProcessors: [pluginTag],
    });
    expect(lookup.postProcessor('docker-tag')).toBe(pluginTag);
    expect(lookup.postProcessor('manifest')?.type).toBe('manifest');
    expect(lookup.provisioner('fx-my-provisioner')?.type).toBe('fx-my-provisioner');
    expect(lookup.provisioner('shell')?.type).toBe('shell');
    expect(lookup.provisioner('nothing')).toBeUndefined();
    expect(lookup.cannotRun('provisioner', 'ansible')).toBe('not yet');
  });
});
