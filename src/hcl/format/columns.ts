/**
 * Display width used for alignment: hclwrite counts grapheme clusters, so `é` written as `e` plus a
 * combining accent is one column and `\r\n` is one column.
 */

// Printable ASCII plus tab and `\n`: one UTF-16 unit is one grapheme cluster.
const SIMPLE_TEXT = /^[\t\n\x20-\x7e]*$/;

/** True when every character of `text` is one column (so its width is its length). */
export function isSimpleText(text: string): boolean {
  return SIMPLE_TEXT.test(text);
}

export { graphemeCount } from '../../text/graphemes';
