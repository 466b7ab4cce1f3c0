/**
 * Brackets, quotes, template sequences and heredoc markers: the fragments that most often unbalance
 * HCL when spliced into valid text. The fuzz tests extend this list with fragments of their own.
 */
export const HCL_DELIMITERS: readonly string[] = [
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '"',
  '${',
  '%{',
  '~}',
  '<<EOT\n',
  '\nEOT\n',
];
