/** Bridged components, configuration side: schemas from a plugin's ConfigSpec (issue 16). */
export {
  type BridgedSchemas,
  type LaunchOptions,
  type SchemaLoadOptions,
  SERVICE,
  configSpec,
  fetchBridgedComponent,
  launchPluginComponent,
  loadBridgedSchemas,
  outputSpec,
} from './load';
export { encodeBridgedConfig } from './config';
export { bridgedDataSource } from './datasource';
export {
  type CoreVariables,
  type PrepareInputs,
  type PrepareResult,
  prepareArguments,
  prepareComponent,
} from './prepare';
export {
  type BridgedComponent,
  UnsupportedSpecError,
  bridgedComponentOf,
  bridgedSchema,
  ctyType,
  outputType,
  withGeneratedData,
} from './schema';
