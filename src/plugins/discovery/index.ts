/** Installed plugins in Packer's layout, and which one provides each component type (issue 16). */
export { pluginDirectory } from './directory';
export { EXTERNAL_ENV, type ExternalSwitch, externalSwitch } from './external';
export { type Installation, type ListOptions, listInstallations } from './installations';
export {
  type ComponentUse,
  DEFAULT_COMPONENT_NAME,
  type PluginComponent,
  type PluginRequirement,
  type Resolution,
  type ResolveOptions,
  resolvePluginComponents,
  useKey,
} from './resolve';
