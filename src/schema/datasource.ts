import type { Value } from '../values/value';
import type { ComponentSchema, ConfigView, DecodedConfig, FieldList, UntypedFields } from './types';

/**
 * A data source at run time (Packer's packersdk.Datasource): its configuration is declared by
 * `schema`, decoded and checked before `execute` is called, and the value `execute` resolves to is
 * what `data.<type>.<name>` yields; it must convert to `schema.output`.
 *
 * `execute` rejects with an Error whose message is shown as the diagnostic's summary, as Packer
 * shows the error a plugin returns. It must stop promptly, rejecting with `signal.reason`, when
 * the signal is aborted.
 */
export interface DataSource<F extends FieldList = UntypedFields> {
  readonly schema: ComponentSchema<F>;
  execute(config: ConfigView<F>, signal: AbortSignal): Promise<Value>;
  /**
   * Checks a configuration that will not be executed (`validate` without -evaluate-datasources),
   * as Packer still starts a plugin's data source and calls its Configure: resolves to the
   * component's error text, or undefined. Native data sources need none (their schema checks).
   */
  check?(config: DecodedConfig<F>, signal: AbortSignal): Promise<string | undefined>;
}
