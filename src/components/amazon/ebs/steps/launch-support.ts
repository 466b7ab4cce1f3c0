import type { Filter, Tag, TagSpecification, _InstanceType, ResourceType } from '@aws-sdk/client-ec2';

import type { BuildUI } from '../../../../engine/types';
import { RUN_TAG_KEY } from '../../aws/ledger';

/** What the launch steps share: EC2 filters and tags as Packer builds them, AWS error names. */

/**
 * A filter value is a CSV record (buildEc2Filters): `a, b` is two values, `"a,b"` one; leading
 * spaces are trimmed, quotes inside a field are kept as written (LazyQuotes).
 */
export function csvValues(value: string): string[] {
  const values: string[] = [];
  let field = '';
  let quoted = false;
  let atStart = true;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (atStart && c === ' ') continue;
    if (atStart && c === '"') {
      quoted = true;
      atStart = false;
      continue;
    }
    atStart = false;
    if (quoted && c === '"') {
      if (value[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (!quoted && c === ',') {
      values.push(field);
      field = '';
      atStart = true;
    } else field += c;
  }
  values.push(field);
  return values;
}

/** DescribeX filters from a filter map. */
export function ec2Filters(filters: Readonly<Record<string, string>>): Filter[] {
  return Object.entries(filters).map(([Name, value]) => ({ Name, Values: csvValues(value) }));
}

/** Tags as EC2 wants them; the run tag is added so a lost ledger can still be swept by run. */
export function ec2Tags(tags: Readonly<Record<string, string>>, runId?: string): Tag[] {
  const out = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  if (runId !== undefined && tags[RUN_TAG_KEY] === undefined) out.push({ Key: RUN_TAG_KEY, Value: runId });
  return out;
}

/** One TagSpecification per resource type, for the types whose tags are not empty. */
export function tagSpecifications(
  entries: readonly (readonly [ResourceType, readonly Tag[]])[],
): TagSpecification[] | undefined {
  const specs = entries
    .filter(([, tags]) => tags.length > 0)
    .map(([ResourceType, tags]) => ({ ResourceType, Tags: [...tags] }));
  return specs.length === 0 ? undefined : specs;
}

/** EC2Tags.Report: each tag the template asked for (Kiln's run tag is not the template's). */
export function reportTags(ui: BuildUI, tags: readonly Tag[]): void {
  for (const tag of tags) {
    if (tag.Key === RUN_TAG_KEY) continue;
    ui.message(`Adding tag: "${tag.Key ?? ''}": "${tag.Value ?? ''}"`);
  }
}

/** The error code of an AWS SDK error (its name), or ''. */

/** An instance type string as the SDK types it. */
export function instanceType(type: string): _InstanceType {
  return type as _InstanceType;
}
