import * as fs from 'fs';
import * as path from 'path';

import type { HclBlock, HclBody } from '../hcl/body';
import { isJSONFilename, parseFile } from '../hcl/parse';
import type { Range } from '../hcl/pos';
import { decodeJSONSource, decodeNativeSource } from '../hcl/source-bytes';
import type { ComponentKind } from '../schema/types';
import { discoverTemplate } from './files';
import { isLegacyJsonTemplate } from './legacy-json';
import type { RequiredPlugin } from './model';
import { decodePackerBlocks } from './packer-block';
import { TEMPLATE_SCHEMA } from './scope';

/**
 * The component types a template names and its `required_plugins`, read from the syntax alone
 * before the template is loaded: what the composition root needs to know which plugins to start
 * (their schemas must be registered before data sources are evaluated and components decoded).
 * Problems are ignored here; loading the template reports them.
 */

export interface ComponentUse {
  readonly kind: ComponentKind;
  readonly type: string;
  /** The first block using it (its header), for diagnostics about the type; none in legacy JSON. */
  readonly range?: Range;
}

export interface ComponentUses {
  /** Each kind and type once, in the order first met. */
  readonly uses: readonly ComponentUse[];
  readonly requiredPlugins: readonly RequiredPlugin[];
}

const BUILD_SCHEMA = {
  attributes: [],
  blocks: [
    { type: 'provisioner', labelNames: ['type'] },
    { type: 'error-cleanup-provisioner', labelNames: ['type'] },
    { type: 'post-processor', labelNames: ['type'] },
    { type: 'post-processors', labelNames: [] },
  ],
};
const POST_PROCESSORS_SCHEMA = { attributes: [], blocks: [{ type: 'post-processor', labelNames: ['type'] }] };

export function templateComponentUses(templatePath: string | undefined, cwd: string): ComponentUses {
  const found = new Map<string, ComponentUse>();
  const add = (kind: ComponentKind, type: string | undefined, range?: Range): void => {
    if (type === undefined || type === '') return;
    const key = `${kind} ${type}`;
    if (!found.has(key)) found.set(key, { kind, type, ...(range ? { range } : {}) });
  };
  if (templatePath === undefined || templatePath === '') return { uses: [], requiredPlugins: [] };
  const full = path.resolve(cwd, templatePath);
  let isFile = false;
  try {
    isFile = fs.statSync(full).isFile();
  } catch {
    return { uses: [], requiredPlugins: [] };
  }
  if (isFile && isLegacyJsonTemplate(templatePath)) {
    legacyUses(full, add);
    return { uses: [...found.values()], requiredPlugins: [] };
  }

  const blocks: HclBlock[] = [];
  for (const file of discoverTemplate(templatePath, cwd).configFiles) {
    const body = parseConfigFile(path.resolve(cwd, file), file);
    if (body) blocks.push(...body.partialContent(TEMPLATE_SCHEMA).content.blocks);
  }
  for (const block of blocks) {
    if (block.type === 'source') add('builder', block.labels[0], block.range);
    else if (block.type === 'data') add('datasource', block.labels[0], block.range);
    else if (block.type === 'build') {
      for (const inner of block.body.partialContent(BUILD_SCHEMA).content.blocks) {
        if (inner.type === 'post-processors') {
          for (const pp of inner.body.partialContent(POST_PROCESSORS_SCHEMA).content.blocks) {
            add('post-processor', pp.labels[0], pp.range);
          }
        } else {
          add(
            inner.type === 'post-processor' ? 'post-processor' : 'provisioner',
            inner.labels[0],
            inner.range,
          );
        }
      }
    }
  }
  return { uses: [...found.values()], requiredPlugins: decodePackerBlocks(blocks).packer.requiredPlugins };
}

function parseConfigFile(full: string, filename: string): HclBody | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(full);
  } catch {
    return undefined;
  }
  const src = isJSONFilename(filename) ? decodeJSONSource(bytes) : decodeNativeSource(bytes);
  return parseFile(src, filename).body;
}

/** A legacy JSON template's builders, provisioners and post-processors (plain strings, arrays, objects). */
function legacyUses(full: string, add: (kind: ComponentKind, type: string | undefined) => void): void {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(full, 'utf8'));
  } catch {
    return;
  }
  if (typeof raw !== 'object' || raw === null) return;
  const t = raw as Record<string, unknown>;
  const typeOf = (v: unknown): string | undefined =>
    typeof v === 'string'
      ? v
      : typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string'
        ? (v as { type: string }).type
        : undefined;
  for (const b of asArray(t.builders)) add('builder', typeOf(b));
  for (const p of asArray(t.provisioners)) add('provisioner', typeOf(p));
  for (const pp of asArray(t['post-processors'])) {
    for (const one of Array.isArray(pp) ? pp : [pp]) add('post-processor', typeOf(one));
  }
}

const asArray = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
