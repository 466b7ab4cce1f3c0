import type { BuilderRuntime, PostProcessorRuntime, ProvisionerRuntime } from '../engine/types';
import type { GoTemplateFunction } from '../gotemplate/types';
import type { LazyBundleName } from '../lazy-bundles';
import type { DataSource } from '../schema/datasource';
import type { ComponentKind, ComponentSchema, FieldList } from '../schema/types';
import type { LedgerKinds } from './ledger-kinds';

/**
 * A component is one declaration: everything Kiln knows about one component type, in the
 * component's own folder. The catalog (src/components/catalog.ts) lists the declarations, and the
 * registries, docs/components.md, the `build.*` names and the Go-template functions of options are
 * derived from them, and so are the sweepers of the ledger kinds they record (builtinLedgerKinds).
 *
 * A declaration either has a runtime or says, with `cannotRun`, why Kiln only validates it: the
 * mark is the message a build that needs the component fails with, and what docs/components.md
 * shows. define* refuses a declaration with both or neither.
 */

/** Go-template functions a component adds for its own options (Packer's `ctx.Funcs`), by name. */
export type TemplateFunctions = ReadonlyMap<string, GoTemplateFunction>;

/** Sweepers and run finders: the ledger kinds its runtime records (see ledger-kinds.ts). */
interface DeclarationBase<K extends ComponentKind, R> extends LedgerKinds {
  readonly kind: K;
  /** The configuration: decoding, checks, masking, docs. Carries generatedData/templateFunctions too. */
  readonly schema: ComponentSchema;
  readonly runtime?: R;
  /** Set when Kiln validates the component but cannot run it: the message users see. */
  readonly cannotRun?: string;
  /** The heavy dependency it loads lazily (informative: the runtime loads it with loadLazyBundle). */
  readonly lazyBundle?: LazyBundleName;
}

export interface BuilderDeclaration extends DeclarationBase<'builder', BuilderRuntime> {
  /** The `build.*` names its runs generate beyond Packer's common ones (its Prepare's list). */
  readonly generatedData?: readonly string[];
  readonly templateFunctions?: TemplateFunctions;
}

export interface ProvisionerDeclaration extends DeclarationBase<'provisioner', ProvisionerRuntime> {
  readonly templateFunctions?: TemplateFunctions;
}

export interface PostProcessorDeclaration extends DeclarationBase<'post-processor', PostProcessorRuntime> {
  readonly templateFunctions?: TemplateFunctions;
}

export type DataSourceDeclaration = DeclarationBase<'datasource', DataSource>;

export type ComponentDeclaration =
  BuilderDeclaration | ProvisionerDeclaration | PostProcessorDeclaration | DataSourceDeclaration;

/** Exactly one of a runtime and a cannotRun mark. */
type Runs<R> =
  | { readonly runtime: R; readonly cannotRun?: undefined }
  | { readonly runtime?: undefined; readonly cannotRun: string };

/**
 * What a define* call takes: the declaration without its kind, with a runtime or a mark, its schema
 * and runtime typed together. Each define* infers the field lists from the schema alone (NoInfer),
 * so that a runtime typed for other fields than its schema's fails to compile (an untyped runtime,
 * the default type argument, still fits any schema). The declaration it returns is untyped, for the
 * catalog to list with the others.
 */
type Input<D extends ComponentDeclaration, S, R> = Omit<D, 'kind' | 'schema' | 'runtime' | 'cannotRun'> & {
  readonly schema: S;
} & Runs<R>;

/** F: the builder's own fields; V: those its checks and runtime read (F and its communicator's). */
export function defineBuilder<F extends FieldList, V extends FieldList = F>(
  input: Input<BuilderDeclaration, ComponentSchema<F, V>, BuilderRuntime<NoInfer<V>>>,
): BuilderDeclaration {
  checkDeclaration('builder', input.schema, input.runtime?.type, input.cannotRun);
  const schema = withConfigSide('builder', input.schema, input.generatedData, input.templateFunctions);
  return { ...input, kind: 'builder', schema };
}

export function defineProvisioner<F extends FieldList>(
  input: Input<ProvisionerDeclaration, ComponentSchema<F>, ProvisionerRuntime<NoInfer<F>>>,
): ProvisionerDeclaration {
  checkDeclaration('provisioner', input.schema, input.runtime?.type, input.cannotRun);
  const schema = withConfigSide('provisioner', input.schema, undefined, input.templateFunctions);
  return { ...input, kind: 'provisioner', schema };
}

export function definePostProcessor<F extends FieldList>(
  input: Input<PostProcessorDeclaration, ComponentSchema<F>, PostProcessorRuntime<NoInfer<F>>>,
): PostProcessorDeclaration {
  checkDeclaration('post-processor', input.schema, input.runtime?.type, input.cannotRun);
  const schema = withConfigSide('post-processor', input.schema, undefined, input.templateFunctions);
  return { ...input, kind: 'post-processor', schema };
}

export function defineDataSource<F extends FieldList>(
  input: Input<DataSourceDeclaration, ComponentSchema<F>, DataSource<NoInfer<F>>>,
): DataSourceDeclaration {
  checkDeclaration('datasource', input.schema, input.runtime?.schema.type, input.cannotRun);
  // A DataSource carries the schema it executes; it must be the declared one, checks included.
  if (input.runtime !== undefined && input.runtime.schema !== input.schema) {
    throw new Error(`datasource ${input.schema.type}: its runtime executes another schema`);
  }
  return { ...input, kind: 'datasource' };
}

/** What the types cannot check: a runtime of another type, a schema of another kind, an empty mark. */
function checkDeclaration(
  kind: ComponentKind,
  schema: ComponentSchema,
  runtimeType: string | undefined,
  cannotRun: string | undefined,
): void {
  const name = `${kind} ${schema.type}`;
  if (schema.kind !== kind) throw new Error(`${name}: its schema declares a ${schema.kind}`);
  if (runtimeType !== undefined && runtimeType !== schema.type) {
    throw new Error(`${name}: its runtime runs ${runtimeType}`);
  }
  if (cannotRun !== undefined && cannotRun.trim() === '') throw new Error(`${name}: cannotRun must say why`);
}

/**
 * The schema with the declaration's config-side facts on it: the template layer knows schemas (through
 * the ComponentRegistry) but not declarations, and reads the `build.*` names a builder generates and
 * the functions its Go-template options may call from there.
 */
function withConfigSide(
  kind: ComponentKind,
  schema: ComponentSchema,
  generatedData: readonly string[] | undefined,
  templateFunctions: TemplateFunctions | undefined,
): ComponentSchema {
  if (schema.generatedData !== undefined || schema.templateFunctions !== undefined) {
    throw new Error(`${kind} ${schema.type}: generatedData and templateFunctions belong on the declaration`);
  }
  if (generatedData === undefined && templateFunctions === undefined) return schema;
  return {
    ...schema,
    ...(generatedData !== undefined ? { generatedData } : {}),
    ...(templateFunctions !== undefined ? { templateFunctions } : {}),
  };
}
