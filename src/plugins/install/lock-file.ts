import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { evaluateSyntaxExpression } from '../../eval/json';
import { type BodySchema, type HclAttribute } from '../../hcl/body';
import { type Diagnostic, hasErrors } from '../../hcl/diagnostics';
import { parseFile } from '../../hcl/parse';
import { formatRange } from '../../hcl/pos';
import { decodeNativeSource } from '../../hcl/source-bytes';

/**
 * `.kiln.lock.hcl`, the plugin lock file beside a template, in Terraform's lock-file style:
 *
 *   plugin "github.com/hashicorp/docker" {
 *     version     = "1.1.2"
 *     constraints = "~> 1.1"
 *     hashes = [
 *       "h1:<base64 SHA-256 of the unpacked plugin binary>",
 *       "zh:<hex SHA-256 of a release archive, from the release's SHA256SUMS>",
 *     ]
 *   }
 *
 * `zh:` hashes are copied from the release's SHA256SUMS for linux, darwin and windows on amd64 and
 * arm64, so a lock made on one runner vouches for the archives of the others without downloading
 * them. `h1:` hashes are of the binary as installed (the file `_SHA256SUM` describes), added for
 * each platform a binary was verified on: what `validate` and `build` check without any network.
 * A binary is accepted when its archive matches a `zh:` or the binary itself an `h1:` (Terraform's
 * rule: any one hash of the entry). Other prefixes are kept but never match.
 */

export const LOCK_FILE_NAME = '.kiln.lock.hcl';

export interface LockedPlugin {
  readonly source: string;
  /** Without `v`: `1.1.2`. */
  readonly version: string;
  /** The constraint the version was chosen under, "" for none. */
  readonly constraints: string;
  /** Sorted, no duplicates. */
  readonly hashes: readonly string[];
}

export type LockFile = ReadonlyMap<string, LockedPlugin>;

/** The lock file of a template (a file or a directory): beside the file, or in the directory. */
export function lockFilePath(templatePath: string, cwd: string): string {
  const full = path.resolve(cwd, templatePath);
  let dir = full;
  try {
    if (!fs.statSync(full).isDirectory()) dir = path.dirname(full);
  } catch {
    dir = path.dirname(full);
  }
  return path.join(dir, LOCK_FILE_NAME);
}

const FILE_SCHEMA: BodySchema = { attributes: [], blocks: [{ type: 'plugin', labelNames: ['source'] }] };
const PLUGIN_SCHEMA: BodySchema = {
  attributes: [{ name: 'version', required: true }, { name: 'constraints' }, { name: 'hashes' }],
  blocks: [],
};

/** Reads a lock file; undefined when there is none. Throws with the file's problems. */
export function readLockFile(file: string): LockFile | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = parseFile(decodeNativeSource(bytes), file);
  const problems: Diagnostic[] = [...parsed.diagnostics];
  const locks = new Map<string, LockedPlugin>();
  if (!hasErrors(problems)) {
    const { content, diagnostics } = parsed.body.content(FILE_SCHEMA);
    problems.push(...diagnostics);
    for (const block of content.blocks) {
      const body = block.body.content(PLUGIN_SCHEMA);
      problems.push(...body.diagnostics);
      const source = block.labels[0];
      const str = (a: HclAttribute | undefined): string => {
        if (!a) return '';
        const r = evaluateSyntaxExpression(a.expr, undefined);
        problems.push(...r.diagnostics);
        if (r.value.type.kind !== 'string' || !r.value.isKnown() || r.value.isNull()) {
          problems.push({
            severity: 'error',
            summary: `${a.name} must be a string`,
            detail: '',
            subject: a.range,
          });
          return '';
        }
        return r.value.asString();
      };
      const list = (a: HclAttribute | undefined): string[] => {
        if (!a) return [];
        const r = evaluateSyntaxExpression(a.expr, undefined);
        problems.push(...r.diagnostics);
        const kind = r.value.type.kind;
        if ((kind !== 'tuple' && kind !== 'list') || !r.value.isKnown()) {
          problems.push({
            severity: 'error',
            summary: 'hashes must be a list of strings',
            detail: '',
            subject: a.range,
          });
          return [];
        }
        return r.value
          .elements()
          .map((e) => (e.type.kind === 'string' && e.isKnown() && !e.isNull() ? e.asString() : ''));
      };
      const version = str(body.content.attributes.get('version'));
      if (locks.has(source)) {
        problems.push({
          severity: 'error',
          summary: `Duplicate plugin "${source}"`,
          detail: '',
          subject: block.range,
        });
      }
      locks.set(source, {
        source,
        version,
        constraints: str(body.content.attributes.get('constraints')),
        hashes: normalizeHashes(list(body.content.attributes.get('hashes'))),
      });
    }
  }
  const errors = problems.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new Error(
      `${file} is not a valid lock file:\n` +
        errors
          .map(
            (d) =>
              `  ${d.subject ? `${formatRange(d.subject)}: ` : ''}${d.summary}${d.detail ? `; ${d.detail}` : ''}`,
          )
          .join('\n'),
    );
  }
  return locks;
}

export function normalizeHashes(hashes: Iterable<string>): string[] {
  return [...new Set([...hashes].filter((h) => h !== ''))].sort();
}

/** The lock file's text: plugins sorted by source, Terraform's layout. */
export function formatLockFile(lock: LockFile): string {
  let out =
    '# This file is maintained automatically by "kiln init".\n' +
    '# Manual edits may be lost in future updates.\n';
  for (const p of [...lock.values()].sort((a, b) =>
    a.source < b.source ? -1 : a.source > b.source ? 1 : 0,
  )) {
    out += `\nplugin ${JSON.stringify(p.source)} {\n`;
    out += `  version     = ${JSON.stringify(p.version)}\n`;
    if (p.constraints !== '') out += `  constraints = ${JSON.stringify(p.constraints)}\n`;
    out += '  hashes = [\n';
    for (const h of p.hashes) out += `    ${JSON.stringify(h)},\n`;
    out += '  ]\n}\n';
  }
  return out;
}

/** Writes the lock file through a temporary file and a rename, so a reader never sees half of it. */
export function writeLockFile(file: string, lock: LockFile): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, formatLockFile(lock));
  fs.renameSync(tmp, file);
}

/** `h1:`: base64 of the SHA-256 of an unpacked binary. */
export function binaryHash(binary: Buffer): string {
  return `h1:${createHash('sha256').update(binary).digest('base64')}`;
}

/** `h1:` from a hex SHA-256 (an installed binary's `_SHA256SUM`), without reading the binary again. */
export function binaryHashFromHex(hex: string): string {
  return `h1:${Buffer.from(hex, 'hex').toString('base64')}`;
}

/** `zh:`: the hex SHA-256 of a release archive, as SHA256SUMS gives it. */
export const archiveHash = (sha256Hex: string): string => `zh:${sha256Hex.toLowerCase()}`;
