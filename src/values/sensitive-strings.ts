import type { Value } from './value';

/**
 * The strings a value holds that must never be shown: every known string leaf that is marked
 * sensitive or sits inside a marked collection (or, with `all`, every string leaf, for a value
 * declared sensitive as a whole). Only strings: Packer's log filter registers the strings of a
 * sensitive variable, and masking a number such as 22 would blank ordinary text everywhere.
 */
export function sensitiveStrings(v: Value, all = false): string[] {
  const out: string[] = [];
  collect(v, all, out);
  return out;
}

function collect(v: Value, inherited: boolean, out: string[]): void {
  if (!v.isKnown() || v.isNull()) return;
  const sensitive = inherited || v.isSensitive();
  switch (v.type.kind) {
    case 'string':
      if (sensitive) out.push(v.asString());
      return;
    case 'list':
    case 'set':
    case 'tuple':
      for (const e of v.elements()) collect(e, sensitive, out);
      return;
    case 'map':
    case 'object':
      for (const e of v.entries().values()) collect(e, sensitive, out);
      return;
    default:
      return;
  }
}
