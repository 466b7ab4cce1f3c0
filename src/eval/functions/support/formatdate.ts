import { DAY_NAMES, type GoTime, MONTH_NAMES, civil, formatGoLayout } from './go-time';

/**
 * cty's formatdate format language: runs of one letter are verbs (YYYY, MMM, DD, hh, ZZZ...),
 * text in single quotes is literal ('' is a quote), anything else is copied. Throws Error with
 * cty's message for bad verbs; the caller attributes it to the format argument.
 */

function isLetter(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/** Splits the format the way cty's scanner does. */
function tokens(format: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < format.length) {
    const c = format[i];
    let j = i + 1;
    if (c === "'") {
      if (format[i + 1] === "'") j = i + 2;
      else {
        j = format.length;
        for (let k = i + 1; k < format.length; k++) {
          if (format[k] !== "'") continue;
          if (k + 1 < format.length && format[k + 1] === "'") {
            k++; // a doubled quote inside a literal is an escaped quote
            continue;
          }
          j = k + 1;
          break;
        }
      }
    } else if (isLetter(c)) {
      while (j < format.length && format[j] === c) j++;
    } else {
      while (j < format.length && format[j] !== "'" && !isLetter(format[j])) j++;
    }
    out.push(format.slice(i, j));
    i = j;
  }
  return out;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function formatDate(format: string, t: GoTime): string {
  const c = civil(t);
  let out = '';
  for (const tok of tokens(format)) {
    const bad = (detail: string): Error =>
      new Error(`invalid date format verb ${JSON.stringify(tok)}: ${detail}`);
    if (tok[0] === "'") {
      if (tok[tok.length - 1] !== "'" || tok.length === 1) throw new Error("unterminated literal '");
      if (tok.length === 2) out += "'";
      else {
        const raw = tok.slice(1, -1);
        for (let i = 0; i < raw.length; i++) {
          out += raw[i];
          if (raw[i] === "'") i++;
        }
      }
      continue;
    }
    if (!isLetter(tok[0])) {
      out += tok;
      continue;
    }
    const n = tok.length;
    switch (tok[0]) {
      case 'Y':
        if (n === 2) out += pad2(((c.year % 100) + 100) % 100);
        else if (n === 4) out += String(c.year).padStart(4, '0');
        else throw bad('year must either be "YY" or "YYYY"');
        break;
      case 'M':
        if (n === 1) out += String(c.month);
        else if (n === 2) out += pad2(c.month);
        else if (n === 3) out += MONTH_NAMES[c.month - 1].slice(0, 3);
        else if (n === 4) out += MONTH_NAMES[c.month - 1];
        else throw bad('month must be "M", "MM", "MMM", or "MMMM"');
        break;
      case 'D':
        if (n === 1) out += String(c.day);
        else if (n === 2) out += pad2(c.day);
        else throw bad('day of month must either be "D" or "DD"');
        break;
      case 'E':
        if (n === 3) out += DAY_NAMES[c.weekday].slice(0, 3);
        else if (n === 4) out += DAY_NAMES[c.weekday];
        else throw bad('day of week must either be "EEE" or "EEEE"');
        break;
      case 'h':
        if (n === 1) out += String(c.hour);
        else if (n === 2) out += pad2(c.hour);
        else throw bad('24-hour must either be "h" or "hh"');
        break;
      case 'H': {
        const h = c.hour % 12 === 0 ? 12 : c.hour % 12;
        if (n === 1) out += String(h);
        else if (n === 2) out += pad2(h);
        else throw bad('12-hour must either be "H" or "HH"');
        break;
      }
      case 'A':
      case 'a':
        if (n !== 2) throw bad(`must be "${tok[0]}${tok[0]}"`);
        out += tok[0] === 'A' ? (c.hour < 12 ? 'AM' : 'PM') : c.hour < 12 ? 'am' : 'pm';
        break;
      case 'm':
        if (n === 1) out += String(c.minute);
        else if (n === 2) out += pad2(c.minute);
        else throw bad('minute must either be "m" or "mm"');
        break;
      case 's':
        if (n === 1) out += String(c.second);
        else if (n === 2) out += pad2(c.second);
        else throw bad('second must either be "s" or "ss"');
        break;
      case 'Z':
        if (n === 1) out += formatGoLayout(t, 'Z07:00');
        else if (n === 3) {
          const z = formatGoLayout(t, '-0700');
          out += z === '+0000' ? 'UTC' : z;
        } else if (n === 4) out += formatGoLayout(t, '-0700');
        else if (n === 5) out += formatGoLayout(t, '-07:00');
        else throw bad('timezone must be Z, ZZZZ, or ZZZZZ');
        break;
      default:
        throw new Error(`invalid date format verb ${JSON.stringify(tok)}`);
    }
  }
  return out;
}
