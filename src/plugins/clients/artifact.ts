import type { Artifact } from '../../engine/types';
import { type RpcClient, RpcServerError } from '../rpc';
import { goError, text, textList } from './values';

/**
 * A plugin's artifact (what its Builder.Run or PostProcessor.PostProcess returned, served on a
 * brokered stream) as Kiln's Artifact: packer-plugin-sdk's rpc.artifact, Kiln's side. Kiln's
 * Artifact is plain data plus destroy(), so the values are read once, when the artifact arrives;
 * the connection stays open for Destroy (and for a plugin post-processor it is handed to).
 */

/**
 * State names Packer core and its post-processors read from an artifact (docker_tags: what the
 * docker-tag post-processor's artifact hands docker-push).
 */
export const ARTIFACT_STATE_NAMES: readonly string[] = [
  'generated_data',
  'docker_tags',
  'atlas.artifact.metadata',
  'par.artifact.metadata',
];

export interface PluginArtifact extends Artifact {
  /** Artifact.State(name) as the plugin answers it now (null when it has none). */
  stateOf(name: string): Promise<unknown>;
  /** Ends the artifact's stream; the artifact's values stay readable, Destroy no longer works. */
  release(): void;
}

export async function readArtifact(
  client: RpcClient,
  stateNames: readonly string[] = ARTIFACT_STATE_NAMES,
): Promise<PluginArtifact> {
  const call = (method: string, arg: unknown = null): Promise<unknown> =>
    client.call(`Artifact.${method}`, arg);
  const [builderId, id, files, description] = await Promise.all([
    call('BuilderId').then(text),
    call('Id').then(text),
    call('Files').then(textList),
    call('String').then(text),
  ]);
  const state: Record<string, unknown> = {};
  for (const name of stateNames) {
    const value = await call('State', name);
    // The SDK's State answers nil for a name the artifact has no value for.
    if (value !== null && value !== undefined) state[name] = plain(value);
  }
  return {
    builderId,
    id,
    files,
    description,
    state,
    stateOf: async (name) => plain(await call('State', name)),
    async destroy() {
      // Destroy's error travels in the reply (a BasicError), not as the call's error.
      const reply = await call('Destroy');
      const message = goError(reply);
      if (message !== undefined) throw new RpcServerError('Artifact.Destroy', message);
    },
    release: () => client.close(),
  };
}

/** msgpack's bytes (a Go []byte, or a string the plugin wrote as bin) as text; the rest as is. */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), plain(v)]));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}
