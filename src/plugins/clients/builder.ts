import { type ObjectSpec, decodeConfigSpec } from '../hcl-spec';
import type { RunningComponent } from '../launch';
import { RpcClient } from '../rpc';
import { type PluginArtifact, readArtifact } from './artifact';
import { goError, isRecord, textList } from './values';

/**
 * A plugin's builder (started with `start builder`): packer-plugin-sdk's rpc.builder, Kiln's side.
 * Calls go through the running component, so a call that dies with the plugin is reported as the
 * plugin's death, naming it (launch.ts).
 */

/** Builder.Prepare's answer: the plugin's own error is data here, not a failed call. */
export interface PrepareResult {
  /** Names of the values Run will generate (`build.<name>` for provisioners). */
  readonly generatedVars: readonly string[];
  readonly warnings: readonly string[];
  /** The plugin's configuration error (its multierror text), when the config is refused. */
  readonly error?: string;
}

export class BuilderClient {
  constructor(private readonly component: RunningComponent) {}

  /** The builder's configuration schema (protobuf on the wire, as protocol v2 sends it). */
  async configSpec(): Promise<ObjectSpec> {
    const reply = await this.component.call('Builder.ConfigSpec', null);
    const bytes = isRecord(reply) ? reply.ConfigSpec : undefined;
    if (!(bytes instanceof Uint8Array)) {
      throw new Error(`${this.component.label}: Builder.ConfigSpec answered no spec`);
    }
    return decodeConfigSpec(bytes);
  }

  /**
   * Builder.Prepare with Packer core's configs: the core variables (a plain map) first, then the
   * user's configuration as cty JSON bytes (hcl-spec's encodeConfigValue).
   */
  async prepare(configs: readonly unknown[]): Promise<PrepareResult> {
    const reply = await this.component.call('Builder.Prepare', { Configs: [...configs] });
    const r = isRecord(reply) ? reply : {};
    const error = goError(r.Error);
    return {
      generatedVars: textList(r.GeneratedVars),
      warnings: textList(r.Warnings),
      ...(error !== undefined ? { error } : {}),
    };
  }

  /**
   * Builder.Run: `serverId` is where Kiln serves Ui and Hook (connection.serve); resolves with the
   * broker id of the artifact the plugin serves, 0 for none. Rejects with the plugin's error.
   */
  async run(serverId: number): Promise<number> {
    const reply = await this.component.call('Builder.Run', serverId);
    return typeof reply === 'number' ? reply : 0;
  }

  /** Dials the artifact Run returned and reads it. */
  async artifact(id: number): Promise<PluginArtifact> {
    const stream = await this.component.connection.broker.dial(id);
    return readArtifact(new RpcClient(stream));
  }

  /** Builder.Cancel: cancels the context of the plugin's Run, which then cleans up and returns. */
  async cancel(): Promise<void> {
    await this.component.call('Builder.Cancel', null);
  }
}
