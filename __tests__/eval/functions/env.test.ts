import { envFunction } from '../../../src/eval/functions/env';
import { callFunction } from '../../../src/eval/functions/call';
import { packerFunctions } from '../../../src/eval/functions';
import { StringType } from '../../../src/values/types';
import { Value } from '../../../src/values/value';
import { argError, str } from './family-harness';

describe('env', () => {
  const spec = envFunction({ baseDir: process.cwd(), env: { KILN_SET: 'value', KILN_EMPTY: '' } });
  const call = (...args: Value[]) => callFunction(spec, args);

  it('reads the injected environment, returning "" for unset variables', () => {
    expect(call(str('KILN_SET')).asString()).toBe('value');
    expect(call(str('KILN_EMPTY')).asString()).toBe('');
    expect(call(str('KILN_UNSET')).asString()).toBe('');
  });

  it('rejects null and propagates unknown names', () => {
    expect(argError(() => call(Value.nullOf(StringType)))).toEqual({
      argIndex: 0,
      message: 'argument must not be null',
    });
    expect(call(Value.unknown(StringType)).isKnown()).toBe(false);
  });

  it('is not in the general function table (Packer allows it only in variable defaults)', () => {
    expect(packerFunctions({ baseDir: process.cwd() }).has('env')).toBe(false);
  });
});
