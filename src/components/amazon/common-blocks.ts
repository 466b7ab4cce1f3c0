import { BoolType, StringType, mapOf } from '../../values/types';
import type {
  BlockFieldName,
  ConfigView,
  FieldList,
  FieldSpec,
  StringMapFieldName,
} from '../../schema/types';
import { goStringMap } from '../../schema/go-fields';

/**
 * Block shapes the amazon plugin reuses (packer-plugin-sdk template/config KeyValue, NameValue and
 * NameValueFilter): tags written as repeatable `tag { key = ..., value = ... }` blocks, and the
 * `filters`/`filter {}` pairs of the VPC, subnet and security-group lookups.
 */

export const STRING_MAP = mapOf(StringType);

const KEY_VALUE_FIELDS = [
  { name: 'key', type: StringType, doc: 'The tag key.' },
  { name: 'value', type: StringType, doc: 'The tag value.' },
] as const satisfies readonly FieldSpec[];

const NAME_VALUE_FIELDS = [
  { name: 'name', type: StringType, doc: 'The name.' },
  { name: 'value', type: StringType, doc: 'The value.' },
] as const satisfies readonly FieldSpec[];

/** `tag { key = "k" value = "v" }`, repeatable: the block form of a `tags` map. */
export function keyValueBlock<const N extends string>(name: N, mapName: string) {
  return {
    name,
    type: { kind: 'block', repeated: true, fields: KEY_VALUE_FIELDS },
    doc: `Same as \`${mapName}\`, one \`key\`/\`value\` pair per block (handy with \`dynamic\` blocks).`,
  } as const satisfies FieldSpec;
}

/** `run_volume_tag { name = "k" value = "v" }`, repeatable. */
export function nameValueBlock<const N extends string>(name: N, mapName: string) {
  return {
    name,
    type: { kind: 'block', repeated: true, fields: NAME_VALUE_FIELDS },
    doc: `Same as \`${mapName}\`, one \`name\`/\`value\` pair per block (handy with \`dynamic\` blocks).`,
  } as const satisfies FieldSpec;
}

/** The fields of a NameValueFilter block, plus any the particular filter adds. */
export function nameValueFilterFields<const E extends FieldList = readonly []>(
  extra: E = [] as FieldList as E,
) {
  return [
    {
      name: 'filters',
      type: STRING_MAP,
      doc: 'EC2 describe filters, filter name to value (for example `"tag:Class" = "build"`).',
    },
    {
      name: 'filter',
      type: { kind: 'block', repeated: true, fields: NAME_VALUE_FIELDS },
      doc: 'Same as `filters`, one `name`/`value` pair per block.',
    },
    ...extra,
  ] as const satisfies FieldList;
}

export const SUBNET_FILTER_EXTRA_FIELDS = [
  { name: 'most_free', type: BoolType, doc: 'Pick the matching subnet with the most free IPv4 addresses.' },
  { name: 'random', type: BoolType, doc: 'Pick a random matching subnet.' },
] as const satisfies readonly FieldSpec[];

/**
 * Whether a map option ends up non-nil after Packer copies its block form onto it (KeyValues.CopyOn):
 * written as a map (even `{}`), or given at least one block. undefined: not known yet.
 */
export function mapOrBlocksGiven<F extends FieldList>(
  view: ConfigView<F>,
  mapName: StringMapFieldName<F>,
  blockName: BlockFieldName<F>,
): boolean | undefined {
  if (view.blocks(blockName).length > 0) return true;
  const map = goStringMap(view, mapName);
  return map === undefined ? undefined : map !== null;
}
