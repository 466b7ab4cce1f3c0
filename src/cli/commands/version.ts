import { KILN_VERSION, PACKER_COMPAT_VERSION } from '../../version';
import type { CommandIO } from '../io';

export async function runVersion(_args: readonly string[], io: CommandIO): Promise<number> {
  io.stdout(`Kiln v${KILN_VERSION} (compatible with Packer v${PACKER_COMPAT_VERSION})\n`);
  return 0;
}
