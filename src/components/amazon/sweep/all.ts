import type { Sweeper } from '../../../engine/sweep';
import type { AwsLedgerKind } from '../aws/ledger';
import { AWS_IMAGE_SWEEPERS } from './image';
import { LAUNCH_SWEEPERS } from './launch';

/** Every AWS ledger kind's sweeper (the launch steps' resources and the images). */
export const AWS_SWEEPERS: Readonly<Partial<Record<AwsLedgerKind, Sweeper>>> = {
  ...LAUNCH_SWEEPERS,
  ...AWS_IMAGE_SWEEPERS,
};
