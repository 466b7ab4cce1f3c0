import { componentFields } from '../../src/schema/decode';
import type { BlockFieldType, ComponentSchema, ConfigProblem } from '../../src/schema/types';
import { type FakeValue, fakeView } from './config-view';

/**
 * A component's own checks (its schema's `validate`) on plain test data, without the decoder: the
 * data is read through a fake ConfigView over the fields the decoder would give the component.
 */

/** What `schema.validate` finds in `data` (a builder's communicator options are declared too). */
export function checkConfig(
  schema: ComponentSchema,
  data: Readonly<Record<string, FakeValue>>,
): ConfigProblem[] {
  return [...(schema.validate?.(fakeView(componentFields(schema), data)) ?? [])];
}

/** What a nested block's own `validate` finds in one block's `data`. */
export function checkBlock(
  block: Pick<BlockFieldType, 'fields' | 'validate'>,
  data: Readonly<Record<string, FakeValue>>,
): ConfigProblem[] {
  return [...(block.validate?.(fakeView(block.fields, data)) ?? [])];
}

/** The messages of problems, in order. */
export function messagesOf(problems: readonly ConfigProblem[]): string[] {
  return problems.map((p) => p.message);
}
