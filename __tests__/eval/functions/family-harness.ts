/** Calls functions from Packer's table through callFunction, so parameter declarations are exercised. */
import { FunctionArgError, FunctionError } from '../../../src/eval/functions/function';
import type { FunctionOptions } from '../../../src/eval/functions/index';
import type { Value } from '../../../src/values/value';
import '../../../src/values/set';
import { packerCaller, thrown } from '../../support/function-calls';

export { n as num, s as str } from '../../support/values';

export function caller(options: Partial<FunctionOptions> = {}): (name: string, ...args: Value[]) => Value {
  return packerCaller({ baseDir: process.cwd(), ...options });
}

/** Runs f and returns the FunctionArgError or FunctionError it throws (failing if it does not). */
export function failure(f: () => unknown): FunctionArgError | FunctionError {
  const e = thrown(f);
  if (e instanceof FunctionArgError || e instanceof FunctionError) return e;
  throw e;
}

export function argError(f: () => unknown): { argIndex: number; message: string } {
  const e = failure(f);
  if (!(e instanceof FunctionArgError))
    throw new Error(`expected FunctionArgError, got FunctionError: ${e.message}`);
  return { argIndex: e.argIndex, message: e.message };
}

export function callError(f: () => unknown): string {
  const e = failure(f);
  if (e instanceof FunctionArgError)
    throw new Error(`expected FunctionError, got FunctionArgError: ${e.message}`);
  return e.message;
}

/** Plain JS form of a known value, for compact assertions. */
export function plain(v: Value): unknown {
  if (v.isNull()) return null;
  switch (v.type.kind) {
    case 'string':
      return v.asString();
    case 'number':
      return v.asNumber().toString();
    case 'bool':
      return v.asBool();
    case 'list':
    case 'set':
    case 'tuple':
      return v.elements().map(plain);
    case 'map':
    case 'object':
      return Object.fromEntries([...v.entries()].map(([k, e]) => [k, plain(e)]));
    default:
      return undefined;
  }
}
