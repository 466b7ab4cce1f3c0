import { StringType, listOf } from '../../values/types';
import { goString, goStrings } from '../go-fields';
import type { ConfigProblem, ConfigView, FieldSpec } from '../types';
import { ChecksumSyntaxError, parseChecksumOption } from './checksum';

/**
 * The options of packer-plugin-sdk's commonsteps.ISOConfig (qemu, vmware-iso, virtualbox-iso,
 * parallels-iso, hyperv-iso...): where the installation image comes from and how it is verified. A
 * builder spreads ISO_FIELDS into its fields and calls validateIsoConfig from its validate.
 */

export const ISO_FIELDS: readonly FieldSpec[] = [
  {
    name: 'iso_checksum',
    type: StringType,
    doc:
      'The checksum of the image: `md5:`, `sha1:`, `sha256:` or `sha512:` followed by the hex value, a bare ' +
      'hex value (its length gives the type), `file:` followed by the URL or path of a checksum file (GNU or ' +
      'BSD format; the entry for the image is found by its file name), or `none` (not recommended). Required.',
  },
  {
    name: 'iso_url',
    type: StringType,
    doc: 'A URL (http, https, file) or local path to the image. Required unless `iso_urls` is given.',
  },
  {
    name: 'iso_urls',
    type: listOf(StringType),
    doc: 'URLs to try in order until one downloads and verifies; all must be the same file. Only one of `iso_url` or `iso_urls` can be specified.',
  },
  {
    name: 'iso_target_path',
    type: StringType,
    doc: 'Where the downloaded image is saved. A path without an extension is a directory the file goes in.',
    defaultDoc: 'a file in the Packer cache named after the checksum',
  },
  {
    name: 'iso_target_extension',
    type: StringType,
    doc: 'The extension of the downloaded file (lower-cased).',
    defaultDoc: '`iso`',
  },
];

/** The options once Packer's Prepare has normalised them (iso_url folded into urls, defaults applied). */
export interface IsoConfig {
  readonly urls: readonly string[];
  /** As written: resolved (a checksum file fetched) by the download step. */
  readonly checksum: string;
  /** Empty: the cache. */
  readonly targetPath: string;
  readonly targetExtension: string;
}

/** ISOConfig.Prepare: the same checks in the same order, with Packer's messages. */
export function validateIsoConfig(view: ConfigView): ConfigProblem[] {
  const url = goString(view, 'iso_url');
  const urls = goStrings(view, 'iso_urls');
  if (url === undefined || urls === undefined) return [];
  if (urls.length !== 0 && url !== '')
    return [{ message: 'Only one of iso_url or iso_urls must be specified', field: 'iso_urls' }];
  if (url === '' && urls.length === 0)
    return [{ message: 'One of iso_url or iso_urls must be specified', field: 'iso_url' }];

  const checksum = goString(view, 'iso_checksum');
  if (checksum === undefined) return [];
  if (checksum === 'none') {
    return [
      {
        severity: 'warning',
        message:
          "A checksum of 'none' was specified. Since ISO files are so big,\na checksum is highly recommended.",
        field: 'iso_checksum',
      },
    ];
  }
  if (checksum === '') return [{ message: 'A checksum must be specified', field: 'iso_checksum' }];
  const problems: ConfigProblem[] = [];
  // Packer also fetches a checksum file here; Kiln does that when the build downloads (no network
  // at validate time), so only the value's syntax is checked now.
  try {
    parseChecksumOption(checksum);
  } catch (e) {
    if (!(e instanceof ChecksumSyntaxError)) throw e;
    problems.push({ message: `${e.message} in ${JSON.stringify(checksum)}`, field: 'iso_checksum' });
  }
  if (!checksum.startsWith('file:') && checksum.toLowerCase().endsWith('.iso'))
    problems.push({
      message: 'Error parsing checksum: .iso is not a valid checksum ending',
      field: 'iso_checksum',
    });
  return problems;
}

/** The configuration as the download step takes it (after validateIsoConfig passed). */
export function readIsoConfig(view: ConfigView): IsoConfig {
  const url = view.string('iso_url') ?? '';
  const urls = url !== '' ? [url, ...(view.strings('iso_urls') ?? [])] : (view.strings('iso_urls') ?? []);
  return {
    urls,
    checksum: view.string('iso_checksum') ?? '',
    targetPath: view.string('iso_target_path') ?? '',
    targetExtension: (view.string('iso_target_extension') || 'iso').toLowerCase(),
  };
}
