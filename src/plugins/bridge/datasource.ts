import type { DataSource } from '../../schema/datasource';
import type { ComponentSchema } from '../../schema/types';
import { convert } from '../../values/convert';
import { DynamicType } from '../../values/types';
import { decodeCtyMsgpack, encodeDecodedConfig } from '../hcl-spec';
import { RpcServerError } from '../rpc';
import { encodeBridgedConfig } from './config';
import { type LaunchOptions, launchPluginComponent } from './load';
import { prepareComponent } from './prepare';
import { bridgedComponentOf } from './schema';

/**
 * A plugin's data source as the template layer sees data sources: `check` starts it and calls
 * `Datasource.Configure` (what `validate` does without -evaluate-datasources, as Packer's
 * startDatasource), then reaps it; `execute` (validate -evaluate-datasources, build, console)
 * starts it, calls Configure then `Datasource.Execute`, and decodes its cty msgpack result into
 * the OutputSpec's type. Cancelling closes the plugin, which Packer's plugins survive no worse
 * than a killed Packer.
 */
export function bridgedDataSource(schema: ComponentSchema, opts: LaunchOptions = {}): DataSource {
  const bridge = bridgedComponentOf(schema);
  if (!bridge || schema.kind !== 'datasource') throw new Error(`${schema.type} is not a bridged data source`);
  return {
    schema,
    async check(config) {
      const running = await launchPluginComponent(bridge.component, opts);
      try {
        const r = await prepareComponent(running, 'datasource', { config: encodeBridgedConfig(config) });
        return r.error;
      } finally {
        await running.close();
      }
    },
    async execute(view, signal) {
      const running = await launchPluginComponent(bridge.component, opts);
      const stop = (): void => void running.close();
      signal.addEventListener('abort', stop, { once: true });
      try {
        signal.throwIfAborted();
        // The template layer decoded and checked the configuration; the plugin gets it as Packer sends it.
        const values = new Map(schema.fields.map((f) => [f.name, view.value(f.name)]));
        const config = encodeDecodedConfig(bridge.spec, values);
        const configured = await prepareComponent(running, 'datasource', { config });
        if (configured.error !== undefined) throw new Error(configured.error);
        const reply = (await running.call('Datasource.Execute', null)) as { Value?: Uint8Array };
        const output = schema.output ?? DynamicType;
        // Marshalled against the dynamic type: the value carries its own type, converted to the output's.
        return convert(decodeCtyMsgpack(reply.Value ?? new Uint8Array(), DynamicType), output);
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        if (err instanceof RpcServerError) throw new Error(err.message);
        throw err;
      } finally {
        signal.removeEventListener('abort', stop);
        await running.close();
      }
    },
  };
}
