/**
 * Unified diff in the layout `packer fmt -diff` prints (Packer shells out to
 * `diff --label=old/<path> --label=new/<path> -u`): three lines of context, nearby hunks merged,
 * deletions before insertions within a change, and GNU diff's "\ No newline at end of file" marker.
 */

const CONTEXT = 3;
/** Beyond this many edits the minimal diff costs too much; pair lines by position instead. */
const MAX_EDITS = 4000;

interface Line {
  readonly text: string;
  /** False only for a final line that lacks its newline. */
  readonly terminated: boolean;
}

type Op = 'equal' | 'delete' | 'insert';
interface Edit {
  readonly op: Op;
  /** Index into the old lines (equal, delete) or the new lines (insert). */
  readonly oldIndex: number;
  readonly newIndex: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      lines.push({ text: text.slice(start), terminated: false });
      break;
    }
    lines.push({ text: text.slice(start, nl), terminated: true });
    start = nl + 1;
  }
  return lines;
}

function sameLine(a: Line, b: Line): boolean {
  return a.text === b.text && a.terminated === b.terminated;
}

/** Myers' O(ND) shortest edit script over a[lo..], b[lo..] with the common ends already trimmed. */
function myers(a: readonly Line[], b: readonly Line[]): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])) x = v[offset + k + 1];
      else x = v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && sameLine(a[x], b[y])) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, offset, n, m, d);
    }
  }
  return undefined;
}

function backtrack(trace: readonly Int32Array[], offset: number, n: number, m: number, dEnd: number): Op[] {
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = v[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push('equal');
      x--;
      y--;
    }
    ops.push(x === prevX ? 'insert' : 'delete');
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    ops.push('equal');
    x--;
    y--;
  }
  return ops.reverse();
}

function editScript(a: readonly Line[], b: readonly Line[]): Edit[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && sameLine(a[pre], b[pre])) pre++;
  let suf = 0;
  while (
    suf < a.length - pre &&
    suf < b.length - pre &&
    sameLine(a[a.length - 1 - suf], b[b.length - 1 - suf])
  )
    suf++;
  const midA = a.slice(pre, a.length - suf);
  const midB = b.slice(pre, b.length - suf);
  const midOps = myers(midA, midB) ?? positional(midA, midB);
  const ops: Op[] = [...Array<Op>(pre).fill('equal'), ...midOps, ...Array<Op>(suf).fill('equal')];

  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  for (const op of ops) {
    edits.push({ op, oldIndex: i, newIndex: j });
    if (op !== 'insert') i++;
    if (op !== 'delete') j++;
  }
  return edits;
}

/** Fallback for huge diffs: formatting keeps line counts, so pairing lines by position is reasonable. */
function positional(a: readonly Line[], b: readonly Line[]): Op[] {
  const ops: Op[] = [];
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) {
    if (sameLine(a[i], b[i])) ops.push('equal');
    else ops.push('delete', 'insert');
  }
  for (let i = common; i < a.length; i++) ops.push('delete');
  for (let i = common; i < b.length; i++) ops.push('insert');
  return ops;
}

function rangeHeader(start: number, count: number): string {
  // GNU diff names the line before an empty range, and omits a count of one.
  if (count === 0) return `${start},0`;
  if (count === 1) return `${start + 1}`;
  return `${start + 1},${count}`;
}

function emit(prefix: string, line: Line): string {
  return `${prefix}${line.text}\n${line.terminated ? '' : '\\ No newline at end of file\n'}`;
}

export function unifiedDiff(oldText: string, newText: string, path: string): string {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const edits = editScript(a, b);
  const changed = edits.map((e, i) => (e.op === 'equal' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return '';

  let out = `--- old/${path}\n+++ new/${path}\n`;
  let h = 0;
  while (h < changed.length) {
    // Grow the hunk while the next change is close enough for the contexts to touch.
    let last = h;
    while (last + 1 < changed.length && changed[last + 1] - changed[last] - 1 <= 2 * CONTEXT) last++;
    const from = Math.max(0, changed[h] - CONTEXT);
    const to = Math.min(edits.length, changed[last] + CONTEXT + 1);
    out += hunk(edits.slice(from, to), a, b);
    h = last + 1;
  }
  return out;
}

function hunk(edits: readonly Edit[], a: readonly Line[], b: readonly Line[]): string {
  const first = edits[0];
  let oldCount = 0;
  let newCount = 0;
  for (const e of edits) {
    if (e.op !== 'insert') oldCount++;
    if (e.op !== 'delete') newCount++;
  }
  let body = '';
  let dels = '';
  let ins = '';
  const flush = (): void => {
    body += dels + ins;
    dels = '';
    ins = '';
  };
  for (const e of edits) {
    if (e.op === 'equal') {
      flush();
      body += emit(' ', a[e.oldIndex]);
    } else if (e.op === 'delete') {
      dels += emit('-', a[e.oldIndex]);
    } else {
      ins += emit('+', b[e.newIndex]);
    }
  }
  flush();
  return `@@ -${rangeHeader(first.oldIndex, oldCount)} +${rangeHeader(first.newIndex, newCount)} @@\n${body}`;
}
