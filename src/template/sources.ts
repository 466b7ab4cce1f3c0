import type { HclBlock } from '../hcl/body';
import { type Diagnostic, errorDiag } from '../hcl/diagnostics';
import { formatRange } from '../hcl/pos';
import { BAD_IDENTIFIER_DETAIL, validIdentifier } from './decode';
import type { SourceBlock } from './model';

/**
 * Top-level `source "type" "name" { ... }` blocks. Their bodies stay undecoded: each is decoded with
 * its builder's schema once per build that uses it (expand.ts), merged with that build's extra
 * settings and with `source.name` known.
 */

/** How sources are keyed everywhere (SourceRef.String()): `type.name`. */
export function sourceKey(type: string, name: string): string {
  return `${type}.${name}`;
}

/**
 * Collects the `source` blocks among a template's top-level blocks, in declaration order. A second
 * block with the same type and name is Packer's "Duplicate source block" and is left out.
 */
export function decodeSources(blocks: readonly HclBlock[]): {
  sources: Map<string, SourceBlock>;
  diagnostics: Diagnostic[];
} {
  const sources = new Map<string, SourceBlock>();
  const diagnostics: Diagnostic[] = [];
  for (const block of blocks) {
    if (block.type !== 'source') continue;
    const [type, name] = block.labels;
    // Packer itself accepts any label, but a source whose type or name is not an identifier can
    // never be referenced: `sources = [...]` entries must be identifiers split by dots.
    let valid = true;
    if (!validIdentifier(type)) {
      diagnostics.push(errorDiag('Invalid source type', BAD_IDENTIFIER_DETAIL, block.labelRanges[0]));
      valid = false;
    }
    if (!validIdentifier(name)) {
      diagnostics.push(errorDiag('Invalid source name', BAD_IDENTIFIER_DETAIL, block.labelRanges[1]));
      valid = false;
    }
    if (!valid) continue;
    const key = sourceKey(type, name);
    const existing = sources.get(key);
    if (existing) {
      diagnostics.push(
        errorDiag(
          'Duplicate source block',
          `This source block has the same builder type and name as a previous block declared at ${formatRange(existing.range)}. Each source must have a unique name per builder type.`,
          block.range,
        ),
      );
      continue;
    }
    sources.set(key, { type, name, body: block.body, range: block.range });
  }
  return { sources, diagnostics };
}
