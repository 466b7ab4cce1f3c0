import { StringType } from '../../values/types';
import type { ConfigView, FieldSpec } from '../types';

/**
 * `output_directory`, which builders that write local files (qemu, vmware, virtualbox...) declare
 * alike: where the build's files go, `output-<build name>` by default, refused when it already
 * exists unless the build runs with -force.
 */

export const OUTPUT_FIELDS: readonly FieldSpec[] = [
  {
    name: 'output_directory',
    type: StringType,
    doc: 'The directory the build writes its files to. It must not exist yet, unless the build runs with `-force` (which deletes it first); it is deleted when the build fails or is cancelled.',
    defaultDoc: '`output-<build name>`',
  },
];

/** The option as written; empty means the default, which depends on the build's name. */
export function readOutputDirectory(view: ConfigView): string {
  return view.string('output_directory') ?? '';
}
