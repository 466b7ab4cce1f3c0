import type { RunningComponent } from '../launch';
import type { PluginKind } from '../process';
import { RpcServerError } from '../rpc';
import { SERVICE } from './load';

/**
 * The plugin's own checks of a configuration: `Builder.Prepare` (which also returns the names of
 * the `build.*` values it will generate, and warnings), `Provisioner.Prepare`,
 * `PostProcessor.Configure`, `Datasource.Configure`. Packer core passes the core variables first
 * (a plain map) and the decoded configuration second (cty JSON, encodeBridgedConfig), except to a
 * data source, which gets its configuration alone.
 */

/** What hcl2template passes every component of a build before its configuration. */
export interface CoreVariables {
  readonly packer_build_name: string;
  readonly packer_builder_type: string;
  readonly packer_core_version: string;
  readonly packer_debug: string;
  readonly packer_force: string;
  readonly packer_on_error: string;
}

export interface PrepareResult {
  /** Builders: the `build.*` names the builder generates (Prepare's first result). */
  readonly generatedData: readonly string[];
  readonly warnings: readonly string[];
  /** The error the plugin returned, as its text. */
  readonly error?: string;
}

const METHOD: Readonly<Record<PluginKind, string>> = {
  builder: 'Prepare',
  provisioner: 'Prepare',
  'post-processor': 'Configure',
  datasource: 'Configure',
};

/** What a component's Prepare/Configure is given. */
export interface PrepareInputs {
  /** The decoded configuration (encodeBridgedConfig). */
  readonly config: Uint8Array;
  /** The core variables; absent for a data source. */
  readonly core?: CoreVariables;
  /**
   * Legacy JSON templates: Packer's core passes the configuration first, and provisioners and
   * post-processors get the generated-data placeholders last (`Build_<name>. To set this…`), which
   * the SDK's `{{ build }}` template function checks names against.
   */
  readonly legacyPlaceholders?: Readonly<Record<string, string>>;
}

/** The `Configs` of the call, in the order Packer core passes them. */
export function prepareArguments(kind: PluginKind, inputs: PrepareInputs): unknown[] {
  const { config, core, legacyPlaceholders } = inputs;
  if (kind === 'datasource' || core === undefined) return [config];
  if (legacyPlaceholders === undefined) return [core, config];
  return kind === 'builder' ? [config, core] : [config, core, legacyPlaceholders];
}

export async function prepareComponent(
  running: RunningComponent,
  kind: PluginKind,
  inputs: PrepareInputs,
): Promise<PrepareResult> {
  const args = { Configs: prepareArguments(kind, inputs) };
  let reply: unknown;
  try {
    reply = await running.call(`${SERVICE[kind]}.${METHOD[kind]}`, args);
  } catch (err) {
    // Provisioners, post-processors and data sources return their error as the call's error.
    if (err instanceof RpcServerError) return { generatedData: [], warnings: [], error: err.message };
    throw err;
  }
  if (kind !== 'builder') return { generatedData: [], warnings: [] };
  const r = (reply ?? {}) as {
    GeneratedVars?: unknown;
    Warnings?: unknown;
    Error?: { Message?: unknown } | null;
  };
  const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  const message = r.Error && typeof r.Error.Message === 'string' ? r.Error.Message : undefined;
  return {
    generatedData: strings(r.GeneratedVars),
    warnings: strings(r.Warnings),
    ...(message !== undefined ? { error: message } : {}),
  };
}
