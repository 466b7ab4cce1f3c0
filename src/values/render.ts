import { compareCodePoints } from '../text/code-points';
import { goQuote } from '../text/go-quote';
import { toGoInt } from './go-int';
import { formatNumber } from './number-format';
import type { Value } from './value';

/**
 * A value as `packer console` prints it. Packer turns the value into plain Go data (integers that fit
 * in int64 stay integers, other numbers become float64) and prints that with its REPL formatter:
 * top-level strings bare, nested strings Go-quoted, lists as `[` + indented `elem,` lines + `]`,
 * maps/objects as `{` + indented `"key" = value` lines (keys sorted, null attributes omitted) + `}`.
 * A value that is not wholly known prints as `<unknown>`.
 *
 * Packer masks the text of sensitive values in its output with `<sensitive>`; Kiln marks values
 * instead, so a sensitive leaf renders as `<sensitive>` (quoted where a string would be quoted).
 */
export function renderConsole(v: Value): string {
  if (!v.isWhollyKnown()) return '<unknown>';
  return render(v, false, false);
}

function render(v: Value, nested: boolean, sensitive: boolean): string {
  const isSensitive = sensitive || v.isSensitive();
  if (v.isNull()) return 'null';
  switch (v.type.kind) {
    case 'string':
      if (isSensitive) return nested ? '"<sensitive>"' : '<sensitive>';
      return nested ? goQuote(v.asString()) : v.asString();
    case 'number':
      return isSensitive ? '<sensitive>' : consoleNumber(v);
    case 'bool':
      return isSensitive ? '<sensitive>' : String(v.asBool());
    case 'list':
    case 'set':
    case 'tuple': {
      const elems = v.elements();
      if (elems.length === 0) return '[]';
      return `[\n${elems.map((e) => `${indent(render(e, true, isSensitive))},\n`).join('')}]`;
    }
    case 'map':
    case 'object': {
      const lines: string[] = [];
      const keys = [...v.entries().keys()].sort(compareCodePoints);
      for (const k of keys) {
        const e = v.entries().get(k) as Value;
        if (e.isNull()) continue;
        lines.push(`${indent(`${goQuote(k)} = ${render(e, true, isSensitive)}`)}\n`);
      }
      if (lines.length === 0) return '{}';
      return `{\n${lines.join('')}}`;
    }
    default:
      return '<unknown-type>';
  }
}

function consoleNumber(v: Value): string {
  const n = v.asNumber();
  const i = toGoInt(n);
  if (i !== undefined) return i.toString();
  if (!n.isFinite()) return formatNumber(n);
  return goFloatG(n.toNumber());
}

/** Go's %g for a float64: shortest round-trip digits, exponent form when the exponent is < -4 or >= 6. */
export function goFloatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, e] = Math.abs(f).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(e);
  const sign = f < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const es = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${digits[0]}${digits.length > 1 ? '.' + digits.slice(1) : ''}e${exp < 0 ? '-' : '+'}${es}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
