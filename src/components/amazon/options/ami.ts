import type { ConfigView } from '../../../schema/types';
import type { AMI_CONFIG_FIELDS } from '../ami-config';

/**
 * The AMI configuration (packer-plugin-amazon common/ami_config.go) read once: what the image is
 * called, where it is copied, who may launch it and how it is tagged.
 */
// Filled in by the image steps' work (issue 15).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AmiOptions {}

export function readAmiOptions(_view: ConfigView<typeof AMI_CONFIG_FIELDS>): AmiOptions {
  return {};
}
