import { sensitiveStrings } from '../values/sensitive-strings';
import type { Value } from '../values/value';
import { type InputVariables, variableValue } from './variables';

/**
 * The texts a template run must mask wherever it prints or records anything, as Packer registers
 * them with its log filter once the template is initialised: every string of a sensitive input
 * variable and of a local declared sensitive (`local "x" { sensitive = true }`). (The masker
 * registers each line of a multi-line one too, as Packer's RegisterSecret does.) Values merely derived from a secret are not registered — masking the secret inside
 * them is enough, and a derived "yes"/"no" must not blank ordinary text — but their sensitive mark
 * keeps them out of what the console and inspect print. Strings a data source marked sensitive
 * (amazon-secretsmanager's secret) are secrets themselves, and registered too.
 */
export function templateSecrets(parts: {
  readonly variables: InputVariables;
  readonly locals: ReadonlyMap<string, Value>;
  readonly sensitiveLocals: ReadonlySet<string>;
  readonly dataValues?: ReadonlyMap<string, Value>;
}): string[] {
  const found = new Set<string>();
  const add = (strings: readonly string[]) => {
    for (const s of strings) if (s !== '') found.add(s);
  };
  for (const v of parts.variables.values()) if (v.sensitive) add(sensitiveStrings(variableValue(v), true));
  for (const name of parts.sensitiveLocals) {
    const value = parts.locals.get(name);
    if (value !== undefined) add(sensitiveStrings(value, true));
  }
  for (const value of parts.dataValues?.values() ?? []) add(sensitiveStrings(value));
  return [...found];
}
