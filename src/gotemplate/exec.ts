import { goQuote } from '../text/go-quote';
import { isStackOverflow } from '../text/stack-depth';
import type {
  ActionNode,
  BranchNode,
  ChainNode,
  CommandNode,
  FieldNode,
  IdentifierNode,
  Node,
  NumberNode,
  Operand,
  PipeNode,
  TemplateNode,
  VariableNode,
} from './ast';
import { nodeString } from './ast';
import {
  type ArgValue,
  type FunctionLookup,
  FunctionFailure,
  type ParamType,
  Unavailable,
} from './function-table';
import { TEMPLATE_NAME } from './parser';
import type { InterpolationContext } from './types';
import { GoData, GoUint8, type GoValue, NO_VALUE, formatValue, goTypeName, isTrue } from './values';

/**
 * Executes a parsed template the way text/template's exec.go does, so that results and messages
 * match Packer's: argument checking per Go parameter type, `<no value>` for missing map entries,
 * `template: root:L:C: executing "root" at <node>: ...` errors that name the node being evaluated.
 *
 * With keepUnresolved, a top-level action that needs something absent (a missing field, a function
 * the context cannot serve yet, an unknown function) is copied to the output as written.
 */

/** Go's missingVal: "no final argument from a previous pipeline stage". */
const MISSING: unique symbol = Symbol('missing');
type Final = GoValue | typeof MISSING;

/** The value of a variable declared by an action that was kept unresolved. */
const UNRESOLVED_VAR: unique symbol = Symbol('unresolved variable');

/** Range iterations allowed in one render, so that `{{range 1000000000000}}` cannot hang a build. */
const MAX_RANGE_ITERATIONS = 1_000_000;

export class ExecError extends Error {}

/**
 * Control-flow signals. They are thrown often (every unresolved action at validate time), so they
 * are single plain objects rather than Errors, which would capture a stack trace each time.
 */
const UNRESOLVED = { signal: 'unresolved' } as const;
const BREAK = { signal: 'break' } as const;
const CONTINUE = { signal: 'continue' } as const;

export interface ExecOptions {
  readonly text: string;
  readonly data: GoValue;
  readonly lookup: FunctionLookup;
  /** The builtins that Go evaluates lazily (`and`, `or`) are recognised by identity. */
  readonly isShortCircuit: (name: string) => boolean;
  readonly keepUnresolved: boolean;
  /** Handed to the functions. */
  readonly ctx: InterpolationContext;
}

interface Variable {
  readonly name: string;
  value: GoValue | typeof UNRESOLVED_VAR;
}

class Executor {
  private node: Node | undefined;
  private vars: Variable[];
  private out = '';
  private iterations = 0;

  constructor(private readonly o: ExecOptions) {
    this.vars = [{ name: '$', value: o.data }];
  }

  run(root: readonly TemplateNode[]): string {
    for (const n of root) {
      const mark = this.out.length;
      if (n.kind === 'action' && this.isMissingField(n)) {
        this.out += this.o.text.slice(n.span.start, n.span.end);
        continue;
      }
      try {
        this.walk(this.o.data, n);
      } catch (e) {
        if (!(e === UNRESOLVED) || n.kind === 'text') throw e;
        this.out = this.out.slice(0, mark) + this.o.text.slice(n.span.start, n.span.end);
        if (n.kind === 'action' && !n.pipe.isAssign)
          for (const d of n.pipe.decl) this.vars.push({ name: d.idents[0], value: UNRESOLVED_VAR });
      }
    }
    return this.out;
  }

  /**
   * The common validate-time case, `{{ .Path }}` without the data: recognised without evaluating
   * (and throwing), which keeps pre-rendering many option strings cheap.
   */
  private isMissingField(n: ActionNode): boolean {
    if (!this.o.keepUnresolved || n.pipe.decl.length > 0 || n.pipe.cmds.length !== 1) return false;
    const args = n.pipe.cmds[0].args;
    if (args.length !== 1 || args[0].kind !== 'field') return false;
    const data = this.o.data;
    return data === NO_VALUE || (data instanceof GoData && data.get(args[0].idents[0]) === undefined);
  }

  private at(n: Node): void {
    this.node = n;
  }

  private errorf(message: string): never {
    const n = this.node;
    if (n === undefined) throw new ExecError(`template: ${TEMPLATE_NAME}: ${message}`);
    const before = this.o.text.slice(0, n.pos);
    const lineStart = before.lastIndexOf('\n') + 1;
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    // Go counts the column in bytes from the start of the line (0-based), or from the start of
    // the text on the first line.
    const col = Buffer.byteLength(before.slice(lineStart), 'utf8');
    throw new ExecError(
      `template: ${TEMPLATE_NAME}:${line}:${col}: executing ${goQuote(TEMPLATE_NAME)} at <${nodeString(n)}>: ${message}`,
    );
  }

  private unresolvedOr(message: string): never {
    if (this.o.keepUnresolved) throw UNRESOLVED;
    this.errorf(message);
  }

  // ---- variables -----------------------------------------------------------------------------

  private varValue(name: string): GoValue {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name !== name) continue;
      const v = this.vars[i].value;
      if (v === UNRESOLVED_VAR || (v === NO_VALUE && this.o.keepUnresolved)) throw UNRESOLVED;
      return v;
    }
    this.errorf(`undefined variable: ${name}`);
  }

  /** `.` itself; without data, validate-time rendering leaves it for later. */
  private dotValue(dot: GoValue): GoValue {
    if (dot === NO_VALUE && this.o.keepUnresolved) throw UNRESOLVED;
    return dot;
  }

  private setVar(name: string, value: GoValue): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private setTopVar(n: number, value: GoValue): void {
    this.vars[this.vars.length - n].value = value;
  }

  // ---- statements ----------------------------------------------------------------------------

  private walk(dot: GoValue, n: TemplateNode): void {
    this.at(n);
    switch (n.kind) {
      case 'text':
        this.out += n.text;
        return;
      case 'action': {
        const v = this.evalPipeline(dot, n.pipe);
        if (n.pipe.decl.length === 0) {
          this.at(n);
          this.out += formatValue(v);
        }
        return;
      }
      case 'if':
      case 'with':
        return this.walkIfOrWith(dot, n);
      case 'range':
        return this.walkRange(dot, n);
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
    }
  }

  private walkList(dot: GoValue, list: readonly TemplateNode[]): void {
    for (const n of list) this.walk(dot, n);
  }

  private walkIfOrWith(dot: GoValue, n: BranchNode): void {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, n.pipe);
      if (isTrue(val)) this.walkList(n.kind === 'with' ? val : dot, n.list);
      else if (n.elseList) this.walkList(dot, n.elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(dot: GoValue, r: BranchNode): void {
    this.at(r);
    const outer = this.vars.length;
    try {
      const val = this.evalPipeline(dot, r.pipe);
      const mark = this.vars.length;
      const decl = r.pipe.decl;
      const oneIteration = (index: GoValue, elem: GoValue): void => {
        if (++this.iterations > MAX_RANGE_ITERATIONS)
          this.errorf(`range exceeded Kiln's limit of ${MAX_RANGE_ITERATIONS} iterations`);
        if (decl.length > 0) {
          if (r.pipe.isAssign) this.setVar(decl[0].idents[0], decl.length > 1 ? index : elem);
          else this.setTopVar(1, elem);
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1].idents[0], elem);
          else this.setTopVar(2, index);
        }
        try {
          this.walkList(elem, r.list);
        } catch (e) {
          if (e !== CONTINUE) throw e;
        } finally {
          this.vars.length = mark;
        }
      };
      let ran = false;
      try {
        if (typeof val === 'bigint' || val instanceof GoUint8) {
          if (decl.length > 1)
            this.errorf(`can't use ${formatValue(val)} to iterate over more than one variable`);
          const count = typeof val === 'bigint' ? val : BigInt(val.value);
          for (let i = 0n; i < count; i++) {
            ran = true;
            oneIteration(NO_VALUE, i);
          }
        } else if (val instanceof GoData && val.structType === undefined) {
          const keys = Object.keys(val.fields).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
          for (const k of keys) {
            ran = true;
            oneIteration(k, val.fields[k]);
          }
        } else if (val !== NO_VALUE) {
          this.errorf(`range can't iterate over ${formatValue(val)}`);
        }
      } catch (e) {
        if (e !== BREAK) throw e;
        return;
      }
      if (!ran && r.elseList) this.walkList(dot, r.elseList);
    } finally {
      this.vars.length = outer;
    }
  }

  // ---- expressions ---------------------------------------------------------------------------

  private evalPipeline(dot: GoValue, pipe: PipeNode): GoValue {
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    const result = value as GoValue;
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.idents[0], result);
      else this.vars.push({ name: v.idents[0], value: result });
    }
    return result;
  }

  private notAFunction(args: readonly Operand[], final: Final): void {
    if (args.length > 1 || final !== MISSING)
      this.errorf(`can't give argument to non-function ${nodeString(args[0])}`);
  }

  private evalCommand(dot: GoValue, cmd: CommandNode, final: Final): GoValue {
    const first = cmd.args[0];
    switch (first.kind) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
      default:
        break;
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool':
        return first.value;
      case 'dot':
        return this.dotValue(dot);
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
  }

  private idealConstant(n: NumberNode): GoValue {
    this.at(n);
    const { text, int, uint, float } = n.number;
    const hexInt = /^0[xX]/.test(text) && !/[pP]/.test(text);
    if (float !== undefined && !hexInt && !n.isChar && /[.eEpP]/.test(text)) return float;
    if (int !== undefined) return int;
    if (uint !== undefined) this.errorf(`${text} overflows int`);
    return NO_VALUE;
  }

  private evalFieldNode(
    dot: GoValue,
    field: FieldNode,
    args: readonly Operand[] | undefined,
    final: Final,
  ): GoValue {
    this.at(field);
    return this.evalFieldChain(dot, field, field.idents, args, final);
  }

  private evalChainNode(
    dot: GoValue,
    chain: ChainNode,
    args: readonly Operand[] | undefined,
    final: Final,
  ): GoValue {
    this.at(chain);
    const receiver = this.evalArg(dot, undefined, chain.node) as GoValue; // never null without a parameter type
    return this.evalFieldChain(receiver, chain, chain.fields, args, final);
  }

  private evalVariableNode(
    dot: GoValue,
    v: VariableNode,
    args: readonly Operand[] | undefined,
    final: Final,
  ): GoValue {
    this.at(v);
    const value = this.varValue(v.idents[0]);
    if (v.idents.length === 1) {
      this.notAFunction(args ?? [v], final);
      return value;
    }
    return this.evalFieldChain(value, v, v.idents.slice(1), args, final);
  }

  private evalFieldChain(
    receiver: GoValue,
    node: Node,
    idents: readonly string[],
    args: readonly Operand[] | undefined,
    final: Final,
  ): GoValue {
    let value = receiver;
    // A map's elements are interface values: fields of one are looked up in type "interface {}".
    let staticType = goTypeName(receiver);
    for (let i = 0; i < idents.length; i++) {
      const last = i === idents.length - 1;
      const fromMap = value instanceof GoData && value.structType === undefined;
      value = this.evalField(
        idents[i],
        node,
        last ? args : undefined,
        last ? final : MISSING,
        value,
        staticType,
      );
      staticType = fromMap ? 'interface {}' : goTypeName(value);
    }
    return value;
  }

  private evalField(
    name: string,
    node: Node,
    args: readonly Operand[] | undefined,
    final: Final,
    receiver: GoValue,
    receiverType: string,
  ): GoValue {
    if (receiver === NO_VALUE) {
      if (this.o.keepUnresolved) throw UNRESOLVED;
      return NO_VALUE;
    }
    const hasArgs = (args !== undefined && args.length > 1) || final !== MISSING;
    if (receiver instanceof GoData) {
      const value = receiver.get(name);
      if (receiver.structType === undefined) {
        if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
        if (value === undefined && this.o.keepUnresolved) throw UNRESOLVED;
        return value ?? NO_VALUE;
      }
      if (value !== undefined) {
        if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
        return value;
      }
      this.unresolvedOr(`can't evaluate field ${name} in type ${receiverType}`);
    }
    this.errorf(`can't evaluate field ${name} in type ${receiverType}`);
  }

  private evalFunction(
    dot: GoValue,
    id: IdentifierNode,
    callNode: Node,
    args: readonly Operand[] | undefined,
    final: Final,
  ): GoValue {
    this.at(id);
    const fn = this.o.lookup(id.name);
    if (fn === undefined) this.unresolvedOr(`${goQuote(id.name)} is not a defined function`);
    const given = args ? args.slice(1) : [];
    const numIn = given.length + (final !== MISSING ? 1 : 0);
    let numFixed = given.length;
    if (fn.variadic !== undefined) {
      numFixed = fn.params.length;
      if (numIn < numFixed)
        this.errorf(
          `wrong number of args for ${id.name}: want at least ${fn.params.length} got ${given.length}`,
        );
    } else if (numIn !== fn.params.length) {
      this.errorf(`wrong number of args for ${id.name}: want ${fn.params.length} got ${numIn}`);
    }

    if (this.o.isShortCircuit(id.name)) {
      // and/or stop at the first argument that decides the result, and return that argument.
      let v: GoValue = NO_VALUE;
      for (const a of given) {
        v = this.evalArg(dot, 'value', a) as GoValue;
        if (isTrue(v) === (id.name === 'or')) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }

    const argv: ArgValue[] = [];
    let i = 0;
    for (; i < numFixed && i < given.length; i++) argv.push(this.evalArg(dot, fn.params[i], given[i]));
    if (fn.variadic !== undefined)
      for (; i < given.length; i++) argv.push(this.evalArg(dot, fn.variadic, given[i]));
    if (final !== MISSING) {
      let t: ParamType;
      if (fn.variadic !== undefined) t = numIn - 1 < numFixed ? fn.params[numIn - 1] : fn.variadic;
      else t = fn.params[fn.params.length - 1];
      argv.push(this.validateType(final, t));
    }
    try {
      return fn.impl(argv, this.o.ctx);
    } catch (e) {
      if (!(e instanceof FunctionFailure)) throw e;
      this.at(callNode);
      if (e instanceof Unavailable && this.o.keepUnresolved) throw UNRESOLVED;
      this.errorf(`error calling ${id.name}: ${e.message}`);
    }
  }

  /** Go's validateType: a computed value given to a parameter of type t. */
  private validateType(value: GoValue, t: ParamType | undefined): ArgValue {
    if (value === NO_VALUE) {
      if (t === undefined || t === 'value') return NO_VALUE;
      if (t === 'any') return null;
      this.errorf(`invalid value; expected ${t}`);
    }
    if (t === undefined || t === 'value' || t === 'any') return value;
    const ok = t === 'string' ? typeof value === 'string' : typeof value === 'bigint';
    if (!ok) this.errorf(`wrong type for value; expected ${t}; got ${goTypeName(value)}`);
    return value;
  }

  private evalArg(dot: GoValue, t: ParamType | undefined, n: Operand): ArgValue {
    this.at(n);
    switch (n.kind) {
      case 'dot':
        return this.validateType(this.dotValue(dot), t);
      case 'nil':
        if (t === 'value') return NO_VALUE;
        if (t === 'any') return null;
        return this.errorf(`cannot assign nil to ${t}`);
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), t);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, n, undefined, MISSING), t);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), t);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, undefined, MISSING), t);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, undefined, MISSING), t);
      default:
        break;
    }
    switch (t) {
      case 'string':
        if (n.kind === 'string') return n.text;
        return this.errorf(`expected string; found ${nodeString(n)}`);
      case 'int':
        if (n.kind === 'number' && n.number.int !== undefined) return n.number.int;
        return this.errorf(`expected integer; found ${nodeString(n)}`);
      default:
        // reflect.Value and interface{} parameters take the literal's own value.
        if (n.kind === 'bool') return n.value;
        if (n.kind === 'number') return this.idealConstant(n);
        return n.text;
    }
  }
}

/** Runs a parsed template; errors are thrown as ExecError with Go's message. */
export function execute(root: readonly TemplateNode[], options: ExecOptions): string {
  try {
    return new Executor(options).run(root);
  } catch (e) {
    // Too deep for the stack (src/text/stack-depth.ts): an execution error like any other.
    if (isStackOverflow(e)) throw new ExecError('template: root: nesting too deep');
    throw e;
  }
}
