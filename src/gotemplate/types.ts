/**
 * Packer's Go-template interpolation (`{{ .Path }}`, `{{timestamp}}`, `{{user \`x\`}}`), still used
 * inside strings of HCL2 templates and everywhere in legacy JSON templates. A small engine of its
 * own: text/template syntax with Packer's function set, applied only where Packer applies it.
 */

/** A field of template data: a scalar, or a map of strings (Packer's map[string]string). */
export type GoTemplateData = string | number | boolean | Readonly<Record<string, string>>;

/** Everything a template may read; anything absent is an error when used, as in Packer. */
export interface InterpolationContext {
  /**
   * Fields for `{{ .Name }}`: `.Path`, `.Vars`, `.BuildRegion`, `.SourceAMI`, ...; a record of
   * strings is a Go map (`{{ .SourceAMITags.Name }}`).
   */
  readonly data?: Readonly<Record<string, GoTemplateData>>;
  /**
   * How Packer's component holds `data`. Most pass a `map[string]interface {}` (generated data), where a
   * missing field renders `<no value>`; some pass a struct, where it is an error naming the struct's Go
   * type. Set this to that type (e.g. `*docker.runCommandTemplate`) to get the struct behaviour.
   */
  readonly dataType?: string;
  /**
   * Functions one component adds for its own options (Packer's `Context.Funcs`), e.g. the amazon
   * builders' `clean_resource_name`; a component declares them (ComponentSchema.templateFunctions).
   */
  readonly functions?: ReadonlyMap<string, GoTemplateFunction>;
  /** Legacy JSON `{{user \`name\`}}` values (after their own interpolation). */
  readonly userVariables?: ReadonlyMap<string, string>;
  /** `{{env \`NAME\`}}`: only allowed where Packer allows it (legacy `variables` defaults). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly buildName?: string;
  readonly buildType?: string;
  /** `{{template_dir}}`: the template file's directory. */
  readonly templateDir?: string;
  /** `{{pwd}}`. */
  readonly cwd?: string;
  /** `{{packer_version}}`: the version the run claims (default: PACKER_COMPAT_VERSION). */
  readonly packerVersion?: string;
  /** Fixed per run, so every `{{timestamp}}` and `{{isotime}}` of one run agree (Packer's InitTime). */
  readonly now?: Date;
  /** Source of `{{uuid}}`. */
  readonly uuid?: () => string;
  /** Sensitive values to never render into diagnostics. */
  readonly sensitive?: readonly string[];
  /**
   * Validate-time rendering: actions that need something the context does not have (a `.Field`
   * missing from `data`, `build_name` without buildName...) are kept verbatim instead of failing,
   * so they can be rendered later at provision time.
   */
  readonly keepUnresolved?: boolean;
}

export type RenderResult =
  | { readonly ok: true; readonly value: string }
  /** `message` is Go's wording: `template: root:1:2: executing "root" at <.Foo>: ...`. */
  | { readonly ok: false; readonly message: string };

/** A component's own template function, as Go's text/template sees it: typed parameters, one result. */
export interface GoTemplateFunction {
  readonly params: readonly ('string' | 'int')[];
  /** Type of a trailing variadic parameter (Go `...string`). */
  readonly variadic?: 'string';
  /** Throws an Error to report failure: Go shows it as `error calling <name>: <message>`. */
  readonly impl: (args: readonly (string | number)[]) => string;
}
