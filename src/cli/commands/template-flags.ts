import { FlagError, type FlagSpec, type ParsedFlags } from '../flags';

/** Flags every command that loads a template shares (Packer's MetaArgs). */
export const templateFlags: readonly FlagSpec[] = [
  { kind: 'list', name: 'var', usage: 'Variable for templates, can be used multiple times.' },
  {
    kind: 'list',
    name: 'var-file',
    usage: 'JSON or HCL2 file containing user variables, can be used multiple times.',
  },
];

/** Packer rejects `-var` values without `=` while parsing flags. */
export function varFlagsProblem(parsed: ParsedFlags): string | undefined {
  for (const v of parsed.lists.get('var') ?? []) {
    if (!v.includes('=')) return `invalid value "${v}" for flag -var: No '=' value in arg: ${v}`;
  }
  return undefined;
}

/** `-only=a,b` / `-except=a,b`: Packer's StringSlice flag, which splits on commas. */
export function splitList(value: string | undefined): string[] {
  if (value === undefined || value === '') return [];
  return value.split(',');
}

export function outputFormat(parsed: ParsedFlags): 'text' | 'json' {
  const f = parsed.strings.get('format') ?? 'text';
  if (f !== 'text' && f !== 'json') {
    throw new FlagError(`invalid value "${f}" for flag -format: must be "text" or "json"`);
  }
  return f;
}
