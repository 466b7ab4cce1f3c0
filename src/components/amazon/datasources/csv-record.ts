/**
 * The first record of a CSV text as Go's encoding/csv reads it with LazyQuotes and TrimLeadingSpace
 * (how the amazon plugin splits an AMI filter's value into the filter's values: `"a, b"` is two).
 * With lazy quotes no text is malformed; only a text without any record fails, with Go's `EOF`.
 */
export function firstCsvRecord(text: string): string[] {
  const lines = new LineReader(text);
  let line = lines.next();
  // Empty lines are skipped.
  while (line !== undefined && line === '\n') line = lines.next();
  if (line === undefined) throw new Error('EOF');

  const fields: string[] = [];
  for (;;) {
    line = line.replace(GO_LEADING_SPACE, '');
    if (!line.startsWith('"')) {
      const comma = line.indexOf(',');
      fields.push(comma >= 0 ? line.slice(0, comma) : withoutNewline(line));
      if (comma < 0) return fields;
      line = line.slice(comma + 1);
      continue;
    }
    // A quoted field, which may run over several lines.
    line = line.slice(1);
    let field = '';
    for (;;) {
      const quote = line.indexOf('"');
      if (quote >= 0) {
        field += line.slice(0, quote);
        line = line.slice(quote + 1);
        if (line.startsWith('"')) {
          field += '"';
          line = line.slice(1);
        } else if (line.startsWith(',')) {
          line = line.slice(1);
          fields.push(field);
          break;
        } else if (line === '' || line === '\n') {
          fields.push(field);
          return fields;
        } else {
          // A bare quote inside the field: kept, as lazy quotes allow.
          field += '"';
        }
      } else if (line !== '') {
        field += line;
        const more = lines.next();
        if (more === undefined) {
          fields.push(field);
          return fields;
        }
        line = more;
      } else {
        fields.push(field);
        return fields;
      }
    }
  }
}

/** unicode.IsSpace (not JavaScript's \\s, which also takes U+FEFF and leaves U+0085). */
const GO_LEADING_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

function withoutNewline(s: string): string {
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}

/** Go's readLine: lines keep their `\n`; `\r\n` reads as `\n`, and a last line loses a lone `\r`. */
class LineReader {
  private pos = 0;
  constructor(private readonly text: string) {}
  next(): string | undefined {
    if (this.pos >= this.text.length) return undefined;
    const nl = this.text.indexOf('\n', this.pos);
    const end = nl < 0 ? this.text.length : nl + 1;
    let line = this.text.slice(this.pos, end);
    this.pos = end;
    if (line.endsWith('\r\n')) line = `${line.slice(0, -2)}\n`;
    else if (nl < 0 && line.endsWith('\r')) line = line.slice(0, -1);
    return line;
  }
}
