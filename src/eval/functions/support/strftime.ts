import { type GoTime, formatGoLayout } from './go-time';

/**
 * strftime as Packer's legacy_strftime implements it (jehiah/go-strftime): each known %-directive
 * maps to a Go layout element; unknown directives are kept as written.
 */
const DIRECTIVES: ReadonlyMap<string, string> = new Map([
  ['B', 'January'],
  ['b', 'Jan'],
  ['m', '01'],
  ['A', 'Monday'],
  ['a', 'Mon'],
  ['d', '02'],
  ['H', '15'],
  ['I', '03'],
  ['M', '04'],
  ['S', '05'],
  ['Y', '2006'],
  ['y', '06'],
  ['p', 'PM'],
  ['Z', 'MST'],
  ['z', '-0700'],
  ['L', '.000'],
]);

export function strftime(format: string, t: GoTime): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') {
      out += format[i];
      continue;
    }
    if (i + 1 >= format.length) {
      out += '%';
      break;
    }
    const c = format[i + 1];
    i++;
    if (c === '%') out += '%';
    else {
      const layout = DIRECTIVES.get(c);
      out += layout === undefined ? `%${c}` : formatGoLayout(t, layout);
    }
  }
  return out;
}
