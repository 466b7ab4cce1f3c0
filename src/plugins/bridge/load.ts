import type { PluginComponent } from '../discovery';
import { type ObjectSpec, decodeConfigSpec } from '../hcl-spec';
import { type RunningComponent, launchComponent } from '../launch';
import type { PluginKind } from '../process';
import { type BridgedComponent, bridgedSchema } from './schema';
import type { ComponentSchema } from '../../schema/types';

/**
 * Starting a bridged component only long enough to ask for its schema, as Packer core does for
 * every component a template uses before it decodes anything: `<Service>.ConfigSpec` (and a data
 * source's `Datasource.OutputSpec`), then the process is closed and reaped — or held for the
 * component's Prepare, as Packer core asks ConfigSpec and Prepare of one builder process.
 */

/** The net/rpc service each kind of component is served as (the SDK's Default*Endpoint). */
export const SERVICE: Readonly<Record<PluginKind, string>> = {
  builder: 'Builder',
  provisioner: 'Provisioner',
  'post-processor': 'PostProcessor',
  datasource: 'Datasource',
};

export interface LaunchOptions {
  /** Each line the plugin writes on stderr (its log; Packer shows it only with PACKER_LOG). */
  readonly onStderr?: (component: PluginComponent, line: string) => void;
  /** Added to the plugin's environment. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts `component` from its binary (refused plugins throw their message). */
export async function launchPluginComponent(
  component: PluginComponent,
  opts: LaunchOptions = {},
): Promise<RunningComponent> {
  if (component.refusal !== undefined) throw new Error(component.refusal);
  const onStderr = opts.onStderr;
  return launchComponent({
    binary: component.binary,
    kind: component.kind,
    name: component.name,
    label: component.type,
    ...(onStderr ? { onStderr: (line: string) => onStderr(component, line) } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  });
}

/** Calls `<Service>.ConfigSpec` on a running component. */
export async function configSpec(running: RunningComponent, kind: PluginKind): Promise<ObjectSpec> {
  const reply = (await running.call(`${SERVICE[kind]}.ConfigSpec`, null)) as { ConfigSpec?: Uint8Array };
  return decodeConfigSpec(reply.ConfigSpec ?? new Uint8Array());
}

/** A data source's `Datasource.OutputSpec`. */
export async function outputSpec(running: RunningComponent): Promise<ObjectSpec> {
  const reply = (await running.call('Datasource.OutputSpec', null)) as { OutputSpec?: Uint8Array };
  return decodeConfigSpec(reply.OutputSpec ?? new Uint8Array());
}

/** How schemas are fetched when the run keeps some of the processes (RunPlugins). */
export interface SchemaLoadOptions extends LaunchOptions {
  /** Starts a component (default: launchPluginComponent with these options). */
  readonly launch?: (component: PluginComponent) => Promise<RunningComponent>;
  /** Takes over a process once its specs are read; false leaves it to be closed. */
  readonly hold?: (component: PluginComponent, running: RunningComponent) => boolean;
}

/** The bridged component of `component`: started, asked for its specs, closed (or held). */
export async function fetchBridgedComponent(
  component: PluginComponent,
  opts: SchemaLoadOptions = {},
): Promise<BridgedComponent> {
  const running = await (opts.launch ? opts.launch(component) : launchPluginComponent(component, opts));
  let held = false;
  try {
    const spec = await configSpec(running, component.kind);
    const output = component.kind === 'datasource' ? await outputSpec(running) : undefined;
    held = opts.hold?.(component, running) ?? false;
    return { component, spec, ...(output ? { outputSpec: output } : {}) };
  } finally {
    if (!held) await running.close();
  }
}

export interface BridgedSchemas {
  readonly schemas: readonly ComponentSchema[];
  /** One per component that could not be started or described, naming it. */
  readonly errors: readonly { readonly component: PluginComponent; readonly message: string }[];
}

/**
 * Every component's schema, fetched in parallel; every process not held is reaped before this
 * resolves.
 */
export async function loadBridgedSchemas(
  components: readonly PluginComponent[],
  opts: SchemaLoadOptions = {},
): Promise<BridgedSchemas> {
  const results = await Promise.allSettled(
    components.map(async (c) => bridgedSchema(await fetchBridgedComponent(c, opts))),
  );
  const schemas: ComponentSchema[] = [];
  const errors: { component: PluginComponent; message: string }[] = [];
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') schemas.push(r.value);
    else errors.push({ component: components[i], message: (r.reason as Error).message });
  });
  return { schemas, errors };
}
