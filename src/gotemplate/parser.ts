import { goQuote } from '../text/go-quote';
import { isStackOverflow } from '../text/stack-depth';
import type {
  ActionNode,
  BranchNode,
  CommandNode,
  LoopControlNode,
  Operand,
  PipeNode,
  TemplateNode,
  VariableNode,
} from './ast';
import { nodeString } from './ast';
import { GoLiteralError, parseGoNumber, unquoteGoChar, unquoteGoString } from './go-literals';
import { type Item, type ItemType, isKeyword, lex } from './lexer';

/**
 * A recursive-descent parser with Go's three-item lookahead. It follows text/template/parse's
 * grammar step for step, because Go's messages depend on it: the line in `template: root:N:` is the
 * line of the last item read, and "unexpected X in Y" names the construct being parsed.
 *
 * Function names are not checked here (Go's SkipFuncCheck mode): the set depends on the context
 * (a component's own functions, validate-time rendering), so the render step checks the calls this
 * parser records, in order, before reporting any syntax error found after them, as Go would.
 */

export interface FunctionCall {
  readonly name: string;
  /** The line Go names if the function is not defined. */
  readonly line: number;
}

export interface ParsedTemplate {
  /** The top-level nodes; absent when the text has a syntax error. */
  readonly root?: readonly TemplateNode[];
  /** Go's message for the first syntax error: `template: root:1: unexpected "}" in operand`. */
  readonly syntaxError?: string;
  /** Every function identifier met before the syntax error (or in the whole text). */
  readonly functionCalls: readonly FunctionCall[];
}

/** The template name Packer gives every interpolation (`template.New("root")`). */
export const TEMPLATE_NAME = 'root';

class ParseError extends Error {}

interface EndMarker {
  readonly kind: 'end' | 'else';
  readonly pos: number;
  /** For `{{else if ...}}` / `{{else with ...}}`: the keyword that follows. */
  readonly chained?: 'if' | 'with';
}

type Parsed = TemplateNode | EndMarker;

function isMarker(n: Parsed): n is EndMarker {
  return n.kind === 'end' || n.kind === 'else';
}

/** Go's item.String(): how an unexpected item is named in messages. */
function itemString(i: Item): string {
  if (i.type === 'eof') return 'EOF';
  if (i.type === 'error') return i.val;
  if (isKeyword(i.type)) return `<${i.val}>`;
  const chars = [...i.val];
  if (chars.length > 10) return `${goQuote(chars.slice(0, 10).join(''))}...`;
  return goQuote(i.val);
}

class Parser {
  private readonly items: Item[];
  private index = 0;
  private readonly token: Item[] = [];
  private peekCount = 0;
  private vars: string[] = ['$'];
  private actionLine = 0;
  private rangeDepth = 0;
  /** End of the `}}` that closed the last action or control structure. */
  private closedAt = 0;
  readonly functionCalls: FunctionCall[] = [];

  constructor(private readonly text: string) {
    this.items = lex(text);
  }

  private lexNext(): Item {
    const item = this.items[Math.min(this.index, this.items.length - 1)];
    this.index++;
    return item;
  }

  private next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lexNext();
    return this.token[this.peekCount];
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1];
    this.peekCount = 1;
    this.token[0] = this.lexNext();
    return this.token[0];
  }

  private nextNonSpace(): Item {
    let t: Item;
    do t = this.next();
    while (t.type === 'space');
    return t;
  }

  private peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  private errorf(message: string): never {
    throw new ParseError(`template: ${TEMPLATE_NAME}:${this.token[0].line}: ${message}`);
  }

  private expect(type: ItemType, context: string): Item {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  private unexpected(t: Item, context: string): never {
    if (t.type === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${TEMPLATE_NAME}:${this.actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${itemString(t)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(t)} in ${context}`);
  }

  parse(): TemplateNode[] {
    const root: TemplateNode[] = [];
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const delim = this.next();
        const t = this.nextNonSpace();
        if (t.type === 'define') this.errorf(unsupported('define'));
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (isMarker(n)) this.errorf(`unexpected {{${n.kind}}}`);
      root.push(n);
    }
    return root;
  }

  private itemList(): { list: TemplateNode[]; end: EndMarker } {
    const list: TemplateNode[] = [];
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (isMarker(n)) return { list, end: n };
      list.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Parsed {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'text':
        return { kind: 'text', pos: t.pos, text: t.val };
      case 'leftDelim': {
        this.actionLine = t.line;
        try {
          return this.action(t.pos);
        } finally {
          this.actionLine = 0;
        }
      }
      default:
        this.unexpected(t, 'input');
    }
  }

  private action(start: number): Parsed {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'block':
      case 'template':
        return this.errorf(unsupported(t.type));
      case 'break':
      case 'continue':
        return this.loopControl(t, start);
      case 'else':
        return this.elseControl();
      case 'end':
        return { kind: 'end', pos: this.closing(this.expect('rightDelim', 'end')).pos };
      case 'if':
      case 'range':
      case 'with':
        return this.control(t.type, start);
      default:
        break;
    }
    this.backup();
    const pos = this.peek().pos;
    const pipe = this.pipeline('command', 'rightDelim');
    const node: ActionNode = { kind: 'action', pos, span: { start, end: this.closedAt }, pipe };
    return node;
  }

  private closing(t: Item): Item {
    this.closedAt = t.pos + t.val.length;
    return t;
  }

  private loopControl(t: Item, start: number): LoopControlNode {
    const kind = t.type as 'break' | 'continue';
    const close = this.nextNonSpace();
    if (close.type !== 'rightDelim') this.unexpected(close, `{{${kind}}}`);
    this.closing(close);
    if (this.rangeDepth === 0) this.errorf(`{{${kind}}} outside {{range}}`);
    return { kind, pos: t.pos, span: { start, end: this.closedAt } };
  }

  private elseControl(): EndMarker {
    const peek = this.peekNonSpace();
    // `{{else if ...}}` and `{{else with ...}}` chain a new control structure that shares the {{end}}.
    if (peek.type === 'if' || peek.type === 'with')
      return { kind: 'else', pos: peek.pos, chained: peek.type };
    const t = this.closing(this.expect('rightDelim', 'else'));
    return { kind: 'else', pos: t.pos };
  }

  private control(kind: 'if' | 'range' | 'with', start: number): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(kind, 'rightDelim');
      if (kind === 'range') this.rangeDepth++;
      const body = this.itemList();
      if (kind === 'range') this.rangeDepth--;
      let elseList: TemplateNode[] | undefined;
      if (body.end.kind === 'else') {
        if (body.end.chained === kind) {
          this.next(); // the chained keyword
          elseList = [this.control(kind, body.end.pos)];
        } else {
          const rest = this.itemList();
          if (rest.end.kind !== 'end') this.errorf(`expected end; found {{${rest.end.kind}}}`);
          elseList = rest.list;
        }
      }
      return { kind, pos: pipe.pos, span: { start, end: this.closedAt }, pipe, list: body.list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const first = this.peekNonSpace();
    const decl: VariableNode[] = [];
    let isAssign = false;
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') break;
      this.next();
      const afterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        isAssign = next.type === 'assign';
        this.nextNonSpace();
        decl.push(variableNode(v));
        this.vars.push(v.val);
      } else if (next.type === 'char' && next.val === ',') {
        this.nextNonSpace();
        decl.push(variableNode(v));
        this.vars.push(v.val);
        if (context === 'range' && decl.length < 2) {
          const after = this.peekNonSpace().type;
          if (after === 'variable' || after === 'rightDelim' || after === 'rightParen') continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (afterVariable.type === 'space') {
        this.backup3(v, afterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    const cmds: CommandNode[] = [];
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        if (end === 'rightDelim') this.closing(t);
        const pipe: PipeNode = { kind: 'pipe', pos: first.pos, decl, isAssign, cmds };
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.type) {
        case 'bool':
        case 'charConstant':
        case 'complex':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup();
          cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const k = c.args[0].kind;
      if (k === 'bool' || k === 'dot' || k === 'nil' || k === 'number' || k === 'string')
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
    });
  }

  private command(): CommandNode {
    const pos = this.peekNonSpace().pos;
    const args: Operand[] = [];
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) args.push(operand);
      const t = this.next();
      if (t.type === 'space') continue;
      if (t.type === 'rightDelim' || t.type === 'rightParen') this.backup();
      else if (t.type !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (args.length === 0) this.errorf('empty command');
    return { kind: 'command', pos, args };
  }

  private operand(): Operand | undefined {
    const node = this.term();
    if (!node || this.peek().type !== 'field') return node;
    const pos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
    switch (node.kind) {
      case 'field':
        return { kind: 'field', pos, idents: [...node.idents, ...fields] };
      case 'variable':
        return { kind: 'variable', pos, idents: [...node.idents, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.errorf(`unexpected . after term ${goQuote(nodeString(node))}`);
      default:
        return { kind: 'chain', pos, node, fields };
    }
  }

  private term(): Operand | undefined {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'identifier':
        this.functionCalls.push({ name: t.val, line: this.token[0].line });
        return { kind: 'identifier', pos: t.pos, name: t.val };
      case 'dot':
        return { kind: 'dot', pos: t.pos };
      case 'nil':
        return { kind: 'nil', pos: t.pos };
      case 'variable':
        return this.useVar(t);
      case 'field':
        return { kind: 'field', pos: t.pos, idents: [t.val.slice(1)] };
      case 'bool':
        return { kind: 'bool', pos: t.pos, value: t.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number':
        return this.number(t);
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString':
        return {
          kind: 'string',
          pos: t.pos,
          quoted: t.val,
          text: this.literal(() => unquoteGoString(t.val)),
        };
      default:
        this.backup();
        return undefined;
    }
  }

  private literal<T>(read: () => T): T {
    try {
      return read();
    } catch (e) {
      if (e instanceof GoLiteralError) this.errorf(e.message);
      throw e;
    }
  }

  private number(t: Item): Operand {
    if (t.type === 'charConstant') {
      const cp = BigInt(this.literal(() => unquoteGoChar(t.val)));
      return {
        kind: 'number',
        pos: t.pos,
        isChar: true,
        number: { text: t.val, int: cp, uint: cp, float: Number(cp) },
      };
    }
    if (t.type === 'complex' || (t.val.endsWith('i') && !/^[+-]?0[xX]/.test(t.val)))
      this.errorf(`complex number ${t.val} is not supported by Kiln's template engine`);
    return { kind: 'number', pos: t.pos, isChar: false, number: this.literal(() => parseGoNumber(t.val)) };
  }

  private useVar(t: Item): VariableNode {
    const v = variableNode(t);
    if (!this.vars.includes(v.idents[0])) this.errorf(`undefined variable ${goQuote(v.idents[0])}`);
    return v;
  }
}

function variableNode(t: Item): VariableNode {
  return { kind: 'variable', pos: t.pos, idents: t.val.split('.') };
}

function unsupported(keyword: string): string {
  return `{{${keyword}}} is not supported by Kiln's template engine (Packer's options never need named templates)`;
}

/** Parses a template; syntax errors are values, with Go's wording. */
export function parseTemplate(text: string): ParsedTemplate {
  const parser = new Parser(text);
  try {
    const root = parser.parse();
    return { root, functionCalls: parser.functionCalls };
  } catch (e) {
    if (e instanceof ParseError) return { syntaxError: e.message, functionCalls: parser.functionCalls };
    // Too deep for the stack (src/text/stack-depth.ts): a syntax error like any other.
    if (isStackOverflow(e)) {
      return {
        syntaxError: `template: ${TEMPLATE_NAME}: nesting too deep`,
        functionCalls: parser.functionCalls,
      };
    }
    throw e;
  }
}
