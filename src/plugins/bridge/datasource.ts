import type { DataSource } from '../../schema/datasource';
import type { ComponentSchema } from '../../schema/types';
import { encodeBridgedConfig } from './config';
import { type LaunchOptions, launchPluginComponent } from './load';
import { prepareComponent } from './prepare';
import { bridgedComponentOf } from './schema';

/**
 * A plugin's data source as the template layer sees data sources: `check` starts it and calls
 * `Datasource.Configure` (what `validate` does without -evaluate-datasources, as Packer's
 * startDatasource), then reaps it. Executing it (`Datasource.Execute`, its result in cty msgpack)
 * is the run-time side's; until then `execute` says Kiln cannot run it.
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
    execute() {
      return Promise.reject(
        new Error(
          `Kiln cannot run the ${schema.type} data source from its plugin (${bridge.component.source}) yet.`,
        ),
      );
    },
  };
}
