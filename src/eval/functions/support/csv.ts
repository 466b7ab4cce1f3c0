/**
 * RFC 4180 CSV reading as Go's encoding/csv does it with default settings (comma separator, no
 * lazy quotes, blank lines skipped, a fixed field count when requested), with Go's error texts.
 */
export class CsvError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`parse error on line ${line}: ${reason}`);
  }
}

export function readCsv(src: string, fieldsPerRecord?: number): string[][] {
  const text = src.replace(/\r\n/g, '\n');
  const records: string[][] = [];
  let i = 0;
  let line = 1;
  let expected = fieldsPerRecord ?? 0;
  while (i < text.length) {
    if (text[i] === '\n') {
      // Empty lines are ignored.
      i++;
      line++;
      continue;
    }
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) {
            throw new CsvError(line, 'extraneous or missing " in quoted-field');
          }
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            if (i < text.length && text[i] !== ',' && text[i] !== '\n') {
              throw new CsvError(line, 'extraneous or missing " in quoted-field');
            }
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\n') {
          if (text[i] === '"') throw new CsvError(line, 'bare " in non-quoted-field');
          field += text[i];
          i++;
        }
      }
      fields.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    if (expected === 0 && fieldsPerRecord !== undefined) expected = fields.length;
    if (fieldsPerRecord !== undefined && fields.length !== expected) {
      throw new CsvError(recordLine, 'wrong number of fields');
    }
    records.push(fields);
  }
  return records;
}
