import { FlagError, type FlagSpec, type ParsedFlags, parseFlags } from '../flags';

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

/**
 * The argument handling validate, inspect and build share, as Packer's: `-h` prints the usage (exit
 * 0); a bad flag prints the error and the usage (exit 1); anything but exactly one TEMPLATE prints
 * the usage (exit 1). `check` validates flag values and throws FlagError.
 */
export function parseTemplateCommand<T>(
  args: readonly string[],
  flags: readonly FlagSpec[],
  usage: string,
  io: { stdout(t: string): void; stderr(t: string): void },
  check: (parsed: ParsedFlags) => T,
): { parsed: ParsedFlags; checked: T; template: string } | { exit: number } {
  if (args.some((a) => a === '-h' || a === '-help' || a === '--help')) {
    io.stdout(usage);
    return { exit: 0 };
  }
  let parsed: ParsedFlags;
  let checked: T;
  try {
    parsed = parseFlags(args, flags);
    const problem = varFlagsProblem(parsed);
    if (problem) throw new FlagError(problem);
    checked = check(parsed);
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    io.stderr(`${e.message}\n`);
    io.stdout(usage);
    return { exit: 1 };
  }
  if (parsed.args.length !== 1) {
    io.stdout(usage);
    return { exit: 1 };
  }
  return { parsed, checked, template: parsed.args[0] };
}
