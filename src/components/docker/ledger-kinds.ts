import type { RunFinder } from '../../engine/sweep';
import type { Sweepers } from '../../sdk/ledger-kinds';
import { findRunContainers, sweepDockerContainer, sweepDockerImage } from './sweep';

/**
 * The ledger kinds the docker builder records and what sweeps them. A module of its own, holding
 * no schema and no runtime, so that `kiln sweep` and the action's post step (small bundles, no
 * template language inside) can load it through components/sweepers.ts; the builder's declaration
 * (./index.ts) carries the same objects.
 */
export const DOCKER_SWEEPERS: Sweepers = {
  'docker-container': sweepDockerContainer,
  'docker-image': sweepDockerImage,
};

export const DOCKER_RUN_FINDERS: readonly RunFinder[] = [findRunContainers];
