import { goAcceptsRFC3339 } from '../../eval/functions/support/rfc3339';
import { goQuote } from '../../text/go-quote';
import { BoolType, NumberType, StringType, listOf } from '../../values/types';
import type { ConfigProblem, ConfigView, FieldSpec } from '../../schema/types';
import { goString, goStringMap, goStrings, goTrilean, hasTemplateActions } from '../../schema/go-fields';
import { STRING_MAP, keyValueBlock } from './common-blocks';

/**
 * The image Packer registers (common/ami_config.go and snapshot_config.go): its name and
 * description, who may launch it, where it is copied, how it is encrypted and tagged.
 */

const STRINGS = listOf(StringType);

const DEREGISTRATION_PROTECTION_FIELDS = [
  { name: 'enabled', type: BoolType, doc: 'Protect the AMI from deregistration.' },
  {
    name: 'with_cooldown',
    type: BoolType,
    doc: 'Keep the protection for 24 hours after it is turned off (implies `enabled`).',
  },
] as const satisfies readonly FieldSpec[];

export const AMI_CONFIG_FIELDS = [
  {
    name: 'ami_name',
    type: StringType,
    doc:
      "The name of the AMI; must be unique. 3 to 128 characters: letters, digits, spaces and ( ) [ ] . / - ' @ _ " +
      '(`clean_resource_name` replaces the others).',
    required: 'ami_name must be specified',
  },
  { name: 'ami_description', type: StringType, doc: 'The description of the AMI (and of its copies).' },
  {
    name: 'ami_virtualization_type',
    type: StringType,
    doc: 'The virtualization type of the AMI, `hvm` or `paravirtual`.',
    defaultDoc: "the source AMI's",
  },
  { name: 'ami_users', type: STRINGS, doc: 'Account IDs allowed to launch the AMI.' },
  { name: 'ami_groups', type: STRINGS, doc: 'Groups allowed to launch the AMI; `all` makes it public.' },
  { name: 'ami_org_arns', type: STRINGS, doc: 'ARNs of AWS Organizations allowed to launch the AMI.' },
  { name: 'ami_ou_arns', type: STRINGS, doc: 'ARNs of organizational units allowed to launch the AMI.' },
  { name: 'ami_product_codes', type: STRINGS, doc: 'Product codes associated with the AMI.' },
  {
    name: 'ami_regions',
    type: STRINGS,
    doc: 'Regions to copy the AMI to, with its tags and attributes. The build region itself is skipped.',
  },
  {
    name: 'skip_region_validation',
    type: BoolType,
    doc: 'Do not check that `ami_regions` are known regions.',
  },
  {
    name: 'snapshot_copy_duration_minutes',
    type: NumberType,
    doc: 'Request time-based copies of the snapshots, completed within this many minutes (a multiple of 15).',
  },
  {
    name: 'tags',
    type: STRING_MAP,
    doc: 'Tags applied to the AMI (and its copies); values may use the build template data.',
  },
  keyValueBlock('tag', 'tags'),
  {
    name: 'ena_support',
    type: BoolType,
    doc: 'Enable (or, false, disable) ENA enhanced networking on the AMI. Not with spot instances.',
    defaultDoc: "the source AMI's setting",
  },
  {
    name: 'sriov_support',
    type: BoolType,
    doc: 'Enable SR-IOV (SriovNetSupport) enhanced networking on the AMI. Not with spot instances.',
  },
  { name: 'force_deregister', type: BoolType, doc: 'Deregister an existing AMI of the same name first.' },
  {
    name: 'force_delete_snapshot',
    type: BoolType,
    doc: 'Also delete the snapshots of an AMI deregistered by `force_deregister`.',
  },
  {
    name: 'encrypt_boot',
    type: BoolType,
    doc: 'Encrypt (true) or decrypt (false) the boot volume of the AMI, which costs an extra copy.',
    defaultDoc: "the source AMI's encryption",
  },
  {
    name: 'kms_key_id',
    type: StringType,
    doc: 'The KMS key (ID, `alias/...` or ARN) that encrypts the AMI in the build region. Requires `encrypt_boot`.',
  },
  {
    name: 'region_kms_key_ids',
    type: STRING_MAP,
    doc: 'A KMS key per region of `ami_regions` (every one of them); `""` means that region\'s default key.',
  },
  {
    name: 'skip_save_build_region',
    type: BoolType,
    doc: 'Do not keep the AMI in the build region: only its copies in `ami_regions` remain.',
  },
  {
    name: 'imds_support',
    type: StringType,
    doc: 'Set to `v2.0` to make instances launched from the AMI require IMDSv2.',
  },
  {
    name: 'deprecate_at',
    type: StringType,
    doc: 'When the AMI becomes deprecated, as an RFC 3339 UTC time (YYYY-MM-DDTHH:MM:SSZ).',
  },
  {
    name: 'snapshot_tags',
    type: STRING_MAP,
    doc: 'Tags applied to the snapshots; they override `tags` there.',
  },
  keyValueBlock('snapshot_tag', 'snapshot_tags'),
  { name: 'snapshot_users', type: STRINGS, doc: 'Account IDs allowed to create volumes from the snapshots.' },
  {
    name: 'snapshot_groups',
    type: STRINGS,
    doc: 'Groups allowed to create volumes from the snapshots; `all` makes them public.',
  },
  {
    name: 'deregistration_protection',
    type: { kind: 'block', repeated: false, fields: DEREGISTRATION_PROTECTION_FIELDS },
    doc: 'Protect the AMI from deregistration.',
  },
] as const satisfies readonly FieldSpec[];

/** ami_config.go's ValidateKmsKey: a key ID, a multi-region key ID, an alias, or the ARN of one. */
const KMS_KEY_PATTERNS: readonly RegExp[] = (() => {
  const keyId = '[a-f0-9]+[a-f0-9-]+$';
  const mrkKeyId = 'mrk-[a-f0-9]+[a-f0-9-]+$';
  const alias = 'alias/[a-zA-Z0-9:/_-]+$';
  const arnStart = '^arn:aws(-[a-z]{2}(-gov)?)?:kms:([a-z]{2}-(gov-)?[a-z]+-\\d{1})?:(\\d{12}):';
  return [
    `^${keyId}`,
    `^${mrkKeyId}`,
    `^${alias}`,
    `${arnStart}key/${keyId}`,
    `${arnStart}key/${mrkKeyId}`,
    `${arnStart}${alias}`,
  ].map((p) => new RegExp(p));
})();

export function isValidKmsKeyId(key: string): boolean {
  return KMS_KEY_PATTERNS.some((p) => p.test(key));
}

/**
 * Packer compares ami_name with its clean_resource_name form, which turns every byte outside this
 * set into "-": so any other character, non-ASCII ones included, is refused.
 */
function isAllowedAmiName(name: string): boolean {
  return /^[A-Za-z0-9()[\] ./\-'@_]*$/.test(name);
}

/**
 * Sharing (the AMI with other accounts, or its snapshots) is refused when what is shared would be
 * encrypted with an AWS-managed default key, which other accounts cannot use: in the build region
 * (encrypt_boot without kms_key_id or region keys), or in a copy region given the key "".
 */
function sharingProblems(
  usesDefaultKey: boolean | undefined,
  regionKeys: Readonly<Record<string, string>>,
  defaultKeyMessage: string,
  defaultRegionKeyMessage: string,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (usesDefaultKey === true) problems.push({ message: defaultKeyMessage, field: 'encrypt_boot' });
  for (const key of Object.values(regionKeys)) {
    if (key === '') problems.push({ message: defaultRegionKeyMessage, field: 'region_kms_key_ids' });
  }
  return problems;
}

/** AMIConfig.Prepare's checks, in Packer's order; a missing (or empty) ami_name is the declaration's `required`. */
export function validateAmiConfig(view: ConfigView<typeof AMI_CONFIG_FIELDS>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const name = goString(view, 'ami_name');
  const regions = goStrings(view, 'ami_regions');
  const regionKeysOrNull = goStringMap(view, 'region_kms_key_ids');
  const regionKeys = regionKeysOrNull ?? {};
  const kmsKeyId = goString(view, 'kms_key_id');
  const encryptBoot = goTrilean(view, 'encrypt_boot');

  if (regions !== undefined && regionKeysOrNull !== undefined) {
    for (const region of Object.keys(regionKeys)) {
      if (!regions.includes(region)) {
        problems.push({
          message: `Region ${region} is in region_kms_key_ids but not in ami_regions`,
          field: 'region_kms_key_ids',
        });
      }
    }
    if (Object.keys(regionKeys).length > 0) {
      for (const region of new Set(regions)) {
        if (!(region in regionKeys)) {
          problems.push({
            message: `Region ${region} is in ami_regions but not in region_kms_key_ids`,
            field: 'ami_regions',
          });
        }
      }
    }
  }

  const keysKnown = kmsKeyId !== undefined && regionKeysOrNull !== undefined;
  const usesDefaultKey = keysKnown
    ? kmsKeyId === '' && Object.keys(regionKeys).length === 0 && encryptBoot === true
    : undefined;
  const launchSharing = (['ami_users', 'ami_org_arns', 'ami_ou_arns'] as const).map((n) =>
    goStrings(view, n),
  );
  if (launchSharing.some((list) => list !== undefined && list.length > 0)) {
    problems.push(
      ...sharingProblems(
        usesDefaultKey,
        regionKeys,
        'Cannot share AMI encrypted with default KMS key',
        'Cannot share AMI encrypted with default KMS key for other regions',
      ),
    );
  }

  if (keysKnown) {
    const kmsKeys = [kmsKeyId, ...Object.values(regionKeys)].filter((k) => k !== '');
    if (kmsKeys.length > 0 && encryptBoot !== undefined && encryptBoot !== true) {
      problems.push({
        message: 'If you have set either region_kms_key_ids or kms_key_id, encrypt_boot must also be true.',
        field: 'encrypt_boot',
      });
    }
    for (const key of kmsKeys) {
      if (!hasTemplateActions(key) && !isValidKmsKeyId(key)) {
        problems.push({
          message: `${goQuote(key)} is not a valid KMS Key Id.`,
          field: key === kmsKeyId ? 'kms_key_id' : 'region_kms_key_ids',
        });
      }
    }
  }

  const snapshotUsers = goStrings(view, 'snapshot_users');
  if (snapshotUsers !== undefined && snapshotUsers.length > 0) {
    problems.push(
      ...sharingProblems(
        usesDefaultKey,
        regionKeys,
        'Cannot share snapshot encrypted with default KMS key, see ' +
          'https://www.packer.io/docs/builders/amazon-ebs#region_kms_key_ids for more information',
        'Cannot share snapshot encrypted with default KMS key',
      ),
    );
  }

  if (name !== undefined && !hasTemplateActions(name)) {
    // Go's len counts bytes.
    const length = Buffer.byteLength(name, 'utf8');
    if (length < 3 || length > 128) {
      problems.push({ message: 'ami_name must be between 3 and 128 characters long', field: 'ami_name' });
    }
    if (!isAllowedAmiName(name)) {
      problems.push({
        message:
          'AMIName should only contain alphanumeric characters, parentheses (()), square brackets ([]), spaces ' +
          "( ), periods (.), slashes (/), dashes (-), single quotes ('), at-signs (@), or underscores(_). You can " +
          'use the `clean_resource_name` template filter to automatically clean your ami name.',
        field: 'ami_name',
      });
    }
  }

  const imds = goString(view, 'imds_support');
  if (imds !== undefined && imds !== '' && imds !== 'v2.0') {
    problems.push({
      message: 'The only valid imds_support values are "v2.0" or the empty string',
      field: 'imds_support',
    });
  }

  const deprecateAt = goString(view, 'deprecate_at');
  if (deprecateAt !== undefined && deprecateAt !== '' && !hasTemplateActions(deprecateAt)) {
    if (!goAcceptsRFC3339(deprecateAt)) {
      problems.push({
        message: `deprecate_at is not a valid time: ${goQuote(deprecateAt)}. Expect time format: YYYY-MM-DDTHH:MM:SSZ`,
        field: 'deprecate_at',
      });
    }
  }
  return problems;
}
