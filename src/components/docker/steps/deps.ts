import type { DockerDriver } from '../driver';
import type { DockerBuilderOptions } from '../options';

/** What every docker builder step is made with: the options, read once, and the driver. */
export interface DockerStepDeps {
  readonly options: DockerBuilderOptions;
  readonly driver: DockerDriver;
}
