import type { GoNumber } from './go-literals';

/**
 * The syntax tree of a Go template, shaped like text/template/parse's nodes because Go's execution
 * errors quote them: `executing "root" at <.Foo>` prints the node the way nodeString does, and the
 * column is the node's position.
 */

/** Where a top-level action or control structure sits in the text, `{{` to `}}` inclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface FieldNode {
  readonly kind: 'field';
  readonly pos: number;
  readonly idents: readonly string[];
}
export interface VariableNode {
  readonly kind: 'variable';
  readonly pos: number;
  /** `$x.A.B` → ["$x", "A", "B"]. */
  readonly idents: readonly string[];
}
export interface ChainNode {
  readonly kind: 'chain';
  readonly pos: number;
  readonly node: Operand;
  readonly fields: readonly string[];
}
export interface IdentifierNode {
  readonly kind: 'identifier';
  readonly pos: number;
  readonly name: string;
}
export interface DotNode {
  readonly kind: 'dot';
  readonly pos: number;
}
export interface NilNode {
  readonly kind: 'nil';
  readonly pos: number;
}
export interface BoolNode {
  readonly kind: 'bool';
  readonly pos: number;
  readonly value: boolean;
}
export interface NumberNode {
  readonly kind: 'number';
  readonly pos: number;
  readonly number: GoNumber;
  /** A character constant such as 'a'. */
  readonly isChar: boolean;
}
export interface StringNode {
  readonly kind: 'string';
  readonly pos: number;
  /** As written, quotes included. */
  readonly quoted: string;
  readonly text: string;
}
export interface PipeNode {
  readonly kind: 'pipe';
  readonly pos: number;
  readonly decl: readonly VariableNode[];
  readonly isAssign: boolean;
  readonly cmds: readonly CommandNode[];
}
export interface CommandNode {
  readonly kind: 'command';
  readonly pos: number;
  readonly args: readonly Operand[];
}

export type Operand =
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode;

export interface TextNode {
  readonly kind: 'text';
  readonly pos: number;
  readonly text: string;
}
export interface ActionNode {
  readonly kind: 'action';
  readonly pos: number;
  readonly span: Span;
  readonly pipe: PipeNode;
}
export interface BranchNode {
  readonly kind: 'if' | 'with' | 'range';
  readonly pos: number;
  readonly span: Span;
  readonly pipe: PipeNode;
  readonly list: readonly TemplateNode[];
  readonly elseList?: readonly TemplateNode[];
}
export interface LoopControlNode {
  readonly kind: 'break' | 'continue';
  readonly pos: number;
  readonly span: Span;
}

export type TemplateNode = TextNode | ActionNode | BranchNode | LoopControlNode;

/** Any node an error can point at. */
export type Node = TemplateNode | Operand | CommandNode;

function pipeString(p: PipeNode): string {
  let out = '';
  if (p.decl.length > 0) out = `${p.decl.map(nodeString).join(', ')} := `;
  return out + p.cmds.map(nodeString).join(' | ');
}

/** The node as Go's String() methods print it. */
export function nodeString(n: Node): string {
  switch (n.kind) {
    case 'field':
      return n.idents.map((i) => `.${i}`).join('');
    case 'variable':
      return n.idents.join('.');
    case 'chain': {
      const inner = n.node.kind === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return inner + n.fields.map((f) => `.${f}`).join('');
    }
    case 'identifier':
      return n.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return n.value ? 'true' : 'false';
    case 'number':
      return n.number.text;
    case 'string':
      return n.quoted;
    case 'pipe':
      return pipeString(n);
    case 'command':
      return n.args.map((a) => (a.kind === 'pipe' ? `(${pipeString(a)})` : nodeString(a))).join(' ');
    case 'text':
      return n.text;
    case 'action':
      return `{{${pipeString(n.pipe)}}}`;
    case 'if':
    case 'with':
    case 'range': {
      let out = `{{${n.kind} ${pipeString(n.pipe)}}}${n.list.map(nodeString).join('')}`;
      if (n.elseList) out += `{{else}}${n.elseList.map(nodeString).join('')}`;
      return `${out}{{end}}`;
    }
    case 'break':
    case 'continue':
      return `{{${n.kind}}}`;
  }
}
