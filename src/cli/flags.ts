/**
 * Command-line flags parsed the way Go's `flag` package (and therefore Packer) parses them:
 * `-name`, `--name`, `-name=value`, `-name value` for non-boolean flags; boolean flags accept only the
 * `=` form for a value (`-write=false`); parsing stops at the first non-flag argument or at `--`.
 */

export type FlagSpec =
  | { readonly kind: 'bool'; readonly name: string; readonly usage: string }
  | { readonly kind: 'string'; readonly name: string; readonly usage: string }
  /** May be given many times; values accumulate in order. */
  | { readonly kind: 'list'; readonly name: string; readonly usage: string };

export interface ParsedFlags {
  readonly bools: ReadonlyMap<string, boolean>;
  readonly strings: ReadonlyMap<string, string>;
  readonly lists: ReadonlyMap<string, readonly string[]>;
  /** Arguments after the flags. */
  readonly args: readonly string[];
}

export class FlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagError';
  }
}

const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const bools = new Map<string, boolean>();
  const strings = new Map<string, string>();
  const lists = new Map<string, string[]>();
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.length < 2 || arg[0] !== '-') break;
    if (arg === '--') {
      i++;
      break;
    }
    const body = arg.startsWith('--') ? arg.slice(2) : arg.slice(1);
    if (body === '' || body[0] === '-' || body[0] === '=') throw new FlagError(`bad flag syntax: ${arg}`);
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const inline = eq >= 0 ? body.slice(eq + 1) : undefined;
    const spec = byName.get(name);
    if (!spec) throw new FlagError(`flag provided but not defined: -${name}`);
    if (spec.kind === 'bool') {
      if (inline === undefined || TRUE_WORDS.has(inline)) bools.set(name, true);
      else if (FALSE_WORDS.has(inline)) bools.set(name, false);
      else throw new FlagError(`invalid boolean value "${inline}" for -${name}: parse error`);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: -${name}`);
      value = argv[++i];
    }
    if (spec.kind === 'string') strings.set(name, value);
    else lists.set(name, [...(lists.get(name) ?? []), value]);
  }
  return { bools, strings, lists, args: argv.slice(i) };
}

/** Usage lines for a command's options, Packer style. */
export function flagUsage(specs: readonly FlagSpec[]): string {
  return specs
    .map((s) => {
      const left = s.kind === 'bool' ? `-${s.name}` : `-${s.name}=${s.kind === 'list' ? 'value' : 'string'}`;
      return `  ${left.padEnd(28)} ${s.usage}`;
    })
    .join('\n');
}
