import { StringType } from '../../values/types';
import { Value } from '../../values/value';
import type { FunctionSpec } from './function';
import type { FunctionOptions } from './index';

/**
 * env(name): Packer offers it only in variable defaults (it is not in the general function table,
 * so a local that calls it gets "Call to unknown function", as in Packer). Unset variables give ""
 * rather than an error.
 */
export function envFunction(options: FunctionOptions): FunctionSpec {
  return {
    description: 'Returns the value of an environment variable, or "" when it is not set.',
    params: [{ name: 'key', type: StringType }],
    returnType: () => StringType,
    impl: (args) => {
      const env = options.env ?? process.env;
      return Value.string(env[args[0].asString()] ?? '');
    },
  };
}
