import { DEBUG_KEY_KIND, sweepDebugKeyFile } from '../communicators/ssh/debug-key-sweep';
import { type RunFinder, type Sweeper, sweepTempPath } from '../engine/sweep';
import { findRunContainers, sweepDockerContainer, sweepDockerImage } from './docker/sweep';

/**
 * What deletes each kind of ledger resource the built-in components record. A component that
 * records a new kind adds its sweeper here (the action's post step and `kiln sweep` use this map).
 */
export function builtinSweepers(): ReadonlyMap<string, Sweeper> {
  return new Map<string, Sweeper>([
    ['temp-path', sweepTempPath],
    ['docker-container', sweepDockerContainer],
    ['docker-image', sweepDockerImage],
    [DEBUG_KEY_KIND, sweepDebugKeyFile],
  ]);
}

/** What finds a run's resources by the run ID they are tagged with (see RunFinder). */
export function builtinRunFinders(): readonly RunFinder[] {
  return [findRunContainers];
}
