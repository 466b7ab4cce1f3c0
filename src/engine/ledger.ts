import * as fs from 'node:fs';

import { writingFile } from './file-errors';
import type { LedgerResource, ResourceLedger } from './types';

/**
 * The resource ledger as a JSON-lines file: one `create` line written (synchronously) the moment a
 * resource exists, one `release` line when it is gone. A process killed at any point leaves a file
 * from which every resource still outstanding can be found and swept (the action's post step).
 */

/** The ledger's file name inside a build's temp directory. */
export const LEDGER_FILE = 'ledger.jsonl';

interface LedgerLine {
  readonly op: 'create' | 'release';
  readonly runId: string;
  readonly id: string;
  readonly kind?: string;
  readonly data?: Readonly<Record<string, string>>;
  readonly time: string;
}

export class FileLedger implements ResourceLedger {
  private readonly live = new Map<string, LedgerResource>();

  constructor(
    readonly path: string,
    readonly runId: string,
  ) {}

  record(resource: LedgerResource): void {
    this.append({
      op: 'create',
      runId: this.runId,
      id: resource.id,
      kind: resource.kind,
      data: resource.data,
      time: new Date().toISOString(),
    });
    this.live.set(resource.id, resource);
  }

  release(id: string): void {
    if (!this.live.has(id)) return;
    this.append({ op: 'release', runId: this.runId, id, time: new Date().toISOString() });
    this.live.delete(id);
  }

  outstanding(): readonly LedgerResource[] {
    return [...this.live.values()];
  }

  private append(line: LedgerLine): void {
    // appendFileSync opens, writes and closes: the line is in the file before record() returns.
    writingFile(this.path, () => fs.appendFileSync(this.path, JSON.stringify(line) + '\n', { mode: 0o600 }));
  }
}

/** Reads a ledger file (possibly cut short by a kill): the resources created and not released. */
export function readLedger(path: string): { runId?: string; outstanding: LedgerResource[] } {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch {
    return { outstanding: [] };
  }
  return parseLedger(text);
}

/** A ledger's text as the resources outstanding; lines that are not ledger lines are skipped. */
export function parseLedger(text: string): { runId?: string; outstanding: LedgerResource[] } {
  const live = new Map<string, LedgerResource>();
  let runId: string | undefined;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    let line: unknown;
    try {
      line = JSON.parse(raw);
    } catch {
      continue; // a line cut by a kill
    }
    if (!isLedgerLine(line)) continue;
    runId ??= line.runId;
    if (line.op === 'create' && line.kind !== undefined)
      live.set(line.id, { id: line.id, kind: line.kind, data: stringsOnly(line.data) });
    else if (line.op === 'release') live.delete(line.id);
  }
  return { runId, outstanding: [...live.values()] };
}

function isLedgerLine(v: unknown): v is LedgerLine {
  if (typeof v !== 'object' || v === null) return false;
  const l = v as Record<string, unknown>;
  return (
    (l.op === 'create' || l.op === 'release') &&
    typeof l.runId === 'string' &&
    typeof l.id === 'string' &&
    (l.kind === undefined || typeof l.kind === 'string')
  );
}

/** A resource's data holds strings only (host, region...); anything else in a line is dropped. */
function stringsOnly(data: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof data !== 'object' || data === null) return out;
  for (const [k, v] of Object.entries(data)) if (typeof v === 'string') out[k] = v;
  return out;
}
