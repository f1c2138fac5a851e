/**
 * A small Pratt parser for Baton's JavaScript-like expressions.
 *
 * Why not jsep: jsep keeps its operators and plugins in static, module-wide tables (there is no
 * private instance, so configuring it changes it for every other user in the process), it has no
 * place for the hyphen rule or `component.NAME@VERSION`, and it recurses without a bound, so a
 * hostile `((((…` ends in a RangeError. This parser bounds its own nesting and reports every
 * problem as an ExpressionError with the offset of the offending token.
 */
import { ExpressionError } from '../expression-error';
import { tokenize } from './lexer';
import { FORBIDDEN_MEMBERS, RESERVED_WORDS, checkBindable } from './reserved-names';
import type {
  ArrowNode,
  BinaryOperator,
  ExpressionNode,
  PropertyNode,
  SpreadNode,
  UnaryOperator,
} from './syntax-tree';
import { TokenCursor } from './token-cursor';
import type { NameToken } from './tokens';
import { checkDepth } from './tree-depth';

const BINARY_PRECEDENCE: Readonly<Record<string, number>> = {
  '??': 1,
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '===': 6,
  '!==': 6,
  '<': 7,
  '>': 7,
  '<=': 7,
  '>=': 7,
  in: 7,
  instanceof: 7,
  '<<': 8,
  '>>': 8,
  '>>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
  '**': 11,
};

const PREFIX_OPERATORS = new Set(['!', '-', '+', '~', 'typeof', 'void']);

export function parseExpression(source: string): ExpressionNode {
  const tree = new Parser(source, tokenize(source), 0).parseAll();
  checkDepth(tree);
  return tree;
}

class Parser extends TokenCursor {
  // Nodes written in parentheses, for the rules that depend on them (`-2 ** 2`, `a || b ?? c`).
  private readonly parenthesized = new WeakSet<ExpressionNode>();

  parseAll(): ExpressionNode {
    const first = this.peek();
    if (first.kind === 'end') throw new ExpressionError('syntax', 'empty expression', first.start);
    const node = this.expression();
    const rest = this.peek();
    if (rest.kind !== 'end') throw this.unexpected(rest);
    return node;
  }

  // AssignmentExpression in JavaScript's grammar: an arrow function or a conditional.
  private expression(): ExpressionNode {
    this.descend();
    const arrowParams = this.arrowParamsAhead();
    const node = arrowParams === null ? this.conditional() : this.arrow(arrowParams);
    this.ascend();
    return node;
  }

  private conditional(): ExpressionNode {
    const test = this.binary(0);
    if (!this.isPunct('?')) return test;
    this.position++;
    const consequent = this.expression();
    this.expectPunct(':');
    const alternate = this.expression();
    return { type: 'Conditional', test, consequent, alternate, start: test.start, end: alternate.end };
  }

  private binary(minPrecedence: number): ExpressionNode {
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      const operator = token.kind === 'punct' || token.kind === 'name' ? token.value : '';
      const precedence = BINARY_PRECEDENCE[operator];
      if (
        precedence === undefined ||
        precedence < minPrecedence ||
        (token.kind === 'name' && token.version !== undefined)
      ) {
        return left;
      }
      this.position++;
      let right: ExpressionNode;
      if (operator === '**') {
        if (left.type === 'Unary' && !this.parenthesized.has(left)) {
          throw new ExpressionError(
            'syntax',
            "a unary operator before '**' needs parentheses: (-a) ** b",
            token.start,
          );
        }
        this.descend();
        right = this.binary(precedence); // right-associative
        this.ascend();
      } else {
        right = this.binary(precedence + 1);
      }
      left = this.combine(operator, left, right, token.start);
    }
  }

  private combine(operator: string, left: ExpressionNode, right: ExpressionNode, at: number): ExpressionNode {
    const range = { start: left.start, end: right.end };
    if (operator !== '&&' && operator !== '||' && operator !== '??') {
      return { type: 'Binary', operator: operator as BinaryOperator, left, right, ...range };
    }
    // As in JavaScript, `??` does not mix with `&&` or `||` without parentheses.
    const mixes = (node: ExpressionNode): boolean =>
      node.type === 'Logical' &&
      !this.parenthesized.has(node) &&
      (node.operator === '??') !== (operator === '??');
    if (mixes(left) || mixes(right)) {
      throw new ExpressionError('syntax', "'??' cannot be mixed with '&&' or '||' without parentheses", at);
    }
    return { type: 'Logical', operator, left, right, ...range };
  }

  private unary(): ExpressionNode {
    const token = this.peek();
    const word = token.kind === 'punct' || token.kind === 'name' ? token.value : '';
    if (word === 'delete' && token.kind === 'name') {
      throw new ExpressionError(
        'forbidden',
        "'delete' is not allowed: expressions cannot modify values",
        token.start,
      );
    }
    if (!PREFIX_OPERATORS.has(word) || (token.kind === 'name' && token.version !== undefined))
      return this.postfix();
    this.position++;
    this.descend();
    const argument = this.unary();
    this.ascend();
    return {
      type: 'Unary',
      operator: word as UnaryOperator,
      argument,
      start: token.start,
      end: argument.end,
    };
  }

  private postfix(): ExpressionNode {
    let node = this.primary();
    let optionalChain = false;
    for (;;) {
      const token = this.peek();
      if (token.kind === 'template') {
        throw new ExpressionError('syntax', 'tagged template literals are not supported', token.start);
      }
      if (token.kind !== 'punct') break;
      if (token.value === '.') {
        this.position++;
        node = this.staticMember(node, false);
      } else if (token.value === '?.') {
        this.position++;
        optionalChain = true;
        if (this.isPunct('(')) node = this.call(node, true);
        else if (this.isPunct('[')) node = this.computedMember(node, true);
        else node = this.staticMember(node, true);
      } else if (token.value === '[') {
        node = this.computedMember(node, false);
      } else if (token.value === '(') {
        node = this.call(node, false);
      } else break;
    }
    return optionalChain ? { type: 'Chain', expression: node, start: node.start, end: node.end } : node;
  }

  private staticMember(object: ExpressionNode, optional: boolean): ExpressionNode {
    const token = this.next();
    if (token.kind !== 'name') throw this.unexpected(token, 'a member name');
    if (FORBIDDEN_MEMBERS.has(token.value)) {
      throw new ExpressionError('forbidden', `the member '${token.value}' is not accessible`, token.start);
    }
    let property = token.value;
    if (token.version !== undefined) {
      if (!(object.type === 'Identifier' && object.name === 'component')) {
        throw new ExpressionError(
          'syntax',
          "'@VERSION' is only allowed in component references (component.NAME@VERSION)",
          token.start,
        );
      }
      property = `${token.value}@${token.version}`;
    }
    return { type: 'Member', object, property, optional, start: object.start, end: token.end };
  }

  private computedMember(object: ExpressionNode, optional: boolean): ExpressionNode {
    this.expectPunct('[');
    const property = this.expression();
    const close = this.expectPunct(']');
    if (
      property.type === 'Literal' &&
      typeof property.value === 'string' &&
      FORBIDDEN_MEMBERS.has(property.value)
    ) {
      throw new ExpressionError(
        'forbidden',
        `the member '${property.value}' is not accessible`,
        property.start,
      );
    }
    return { type: 'Member', object, property, optional, start: object.start, end: close.end };
  }

  private call(callee: ExpressionNode, optional: boolean): ExpressionNode {
    const { items, end } = this.list('(', ')');
    return { type: 'Call', callee, arguments: items, optional, start: callee.start, end };
  }

  private primary(): ExpressionNode {
    const token = this.next();
    switch (token.kind) {
      case 'number':
      case 'string':
        return { type: 'Literal', value: token.value, start: token.start, end: token.end };
      case 'template':
        return {
          type: 'Template',
          quasis: token.quasis,
          expressions: token.substitutions.map((range) => this.subExpression(range.start, range.end)),
          start: token.start,
          end: token.end,
        };
      case 'name':
        return this.word(token);
      case 'punct':
        if (token.value === '(') {
          const inner = this.expression();
          this.expectPunct(')');
          this.parenthesized.add(inner);
          return inner;
        }
        if (token.value === '[') {
          this.position--;
          const { items, start, end } = this.list('[', ']');
          return { type: 'Array', elements: items, start, end };
        }
        if (token.value === '{') return this.object(token.start);
        throw this.unexpected(token);
      case 'end':
        throw this.unexpected(token);
    }
  }

  private word(token: NameToken): ExpressionNode {
    const at = { start: token.start, end: token.end };
    if (token.version !== undefined) {
      throw new ExpressionError(
        'syntax',
        "'@VERSION' is only allowed in component references (component.NAME@VERSION)",
        token.start,
      );
    }
    switch (token.value) {
      case 'true':
        return { type: 'Literal', value: true, ...at };
      case 'false':
        return { type: 'Literal', value: false, ...at };
      case 'null':
        return { type: 'Literal', value: null, ...at };
      case 'new':
        return this.newDate(token);
    }
    checkBindable(token);
    return { type: 'Identifier', name: token.value, ...at };
  }

  private newDate(newToken: NameToken): ExpressionNode {
    const target = this.next();
    if (target.kind === 'name' && target.value === 'Intl' && target.version === undefined)
      return this.newIntl(newToken, target);
    if (target.kind !== 'name' || target.value !== 'Date' || target.version !== undefined) {
      throw new ExpressionError(
        'forbidden',
        "only 'new Date(…)', 'new Intl.NumberFormat(…)' and 'new Intl.DateTimeFormat(…)' are allowed",
        newToken.start,
      );
    }
    if (!this.isPunct('(')) return { type: 'NewDate', arguments: [], start: newToken.start, end: target.end };
    const { items, end } = this.list('(', ')');
    return { type: 'NewDate', arguments: items, start: newToken.start, end };
  }

  // `new Intl.NumberFormat(…)` is the call `Intl.NumberFormat(…)`: the formatters are plain functions here.
  private newIntl(newToken: NameToken, intl: NameToken): ExpressionNode {
    this.expectPunct('.');
    const member = this.next();
    if (member.kind !== 'name' || (member.value !== 'NumberFormat' && member.value !== 'DateTimeFormat')) {
      throw new ExpressionError(
        'forbidden',
        "only 'new Intl.NumberFormat(…)' and 'new Intl.DateTimeFormat(…)' are allowed",
        newToken.start,
      );
    }
    const callee: ExpressionNode = {
      type: 'Member',
      object: { type: 'Identifier', name: intl.value, start: intl.start, end: intl.end },
      property: member.value,
      optional: false,
      start: intl.start,
      end: member.end,
    };
    const { items, end } = this.isPunct('(') ? this.list('(', ')') : { items: [], end: member.end };
    return { type: 'Call', callee, arguments: items, optional: false, start: newToken.start, end };
  }

  private object(start: number): ExpressionNode {
    const properties: PropertyNode[] = [];
    while (!this.isPunct('}')) {
      properties.push(this.property());
      if (!this.isPunct('}')) this.expectPunct(',');
    }
    const close = this.next();
    return { type: 'Object', properties, start, end: close.end };
  }

  private property(): PropertyNode {
    const token = this.next();
    if (token.kind === 'punct' && token.value === '...') {
      return { kind: 'spread', argument: this.expression(), start: token.start };
    }
    if (token.kind === 'punct' && token.value === '[') {
      const key = this.expression();
      this.expectPunct(']');
      this.expectPunct(':');
      return { kind: 'computed', key, value: this.expression(), start: token.start };
    }
    let key: string;
    if (token.kind === 'name' && token.version === undefined) key = token.value;
    else if (token.kind === 'string') key = token.value;
    else if (token.kind === 'number') key = String(token.value);
    else throw this.unexpected(token, 'a property name');
    if (FORBIDDEN_MEMBERS.has(key))
      throw new ExpressionError('forbidden', `the property name '${key}' is not allowed`, token.start);
    if (this.isPunct(':')) {
      this.position++;
      return { kind: 'init', key, value: this.expression(), start: token.start };
    }
    // Shorthand `{ a }` reads the name `a`.
    if (token.kind !== 'name' || this.isPunct('(')) throw this.unexpected(this.peek(), "':'");
    checkBindable(token);
    return {
      kind: 'init',
      key,
      value: { type: 'Identifier', name: key, start: token.start, end: token.end },
      start: token.start,
    };
  }

  private arrow(params: readonly string[]): ArrowNode {
    const start = this.peek().start;
    while (!this.isPunct('=>')) this.position++;
    this.position++;
    if (this.isPunct('{')) {
      throw new ExpressionError(
        'syntax',
        'arrow functions take an expression body; wrap an object literal in parentheses: x => ({ … })',
        this.peek().start,
      );
    }
    const body = this.expression();
    return { type: 'Arrow', params, body, start, end: body.end };
  }

  // The parameter names when the tokens ahead start an arrow function (`x =>`, `(a, b) =>`, `() =>`).
  private arrowParamsAhead(): string[] | null {
    const first = this.peek();
    if (first.kind === 'name' && first.version === undefined && !RESERVED_WORDS.has(first.value)) {
      return this.peek(1).kind === 'punct' && (this.peek(1) as { value: string }).value === '=>'
        ? this.params([first])
        : null;
    }
    if (!this.isPunct('(')) return null;
    const names: NameToken[] = [];
    let offset = 1;
    for (;;) {
      const token = this.peek(offset);
      if (token.kind === 'punct' && token.value === ')') break;
      if (token.kind !== 'name') return null;
      names.push(token);
      const after = this.peek(offset + 1);
      if (after.kind === 'punct' && after.value === ',') offset += 2;
      else if (after.kind === 'punct' && after.value === ')') {
        offset += 1;
        break;
      } else return null;
    }
    const arrow = this.peek(offset + 1);
    return arrow.kind === 'punct' && arrow.value === '=>' ? this.params(names) : null;
  }

  private params(tokens: readonly NameToken[]): string[] {
    const seen = new Set<string>();
    for (const token of tokens) {
      if (token.version !== undefined)
        throw new ExpressionError('syntax', 'a parameter name cannot have a version', token.start);
      checkBindable(token);
      if (seen.has(token.value))
        throw new ExpressionError('syntax', `duplicate parameter '${token.value}'`, token.start);
      seen.add(token.value);
    }
    return [...seen];
  }

  // `open item, item, … close` where an item may be `...spread`; a trailing comma is allowed.
  private list(
    open: string,
    close: string,
  ): { items: (ExpressionNode | SpreadNode)[]; start: number; end: number } {
    const start = this.expectPunct(open).start;
    const items: (ExpressionNode | SpreadNode)[] = [];
    while (!this.isPunct(close)) {
      const token = this.peek();
      if (token.kind === 'punct' && token.value === '...') {
        this.position++;
        const argument = this.expression();
        items.push({ type: 'Spread', argument, start: token.start, end: argument.end });
      } else if (token.kind === 'punct' && token.value === ',') {
        throw new ExpressionError('syntax', 'empty list elements are not supported', token.start);
      } else {
        items.push(this.expression());
      }
      if (!this.isPunct(close)) this.expectPunct(',');
    }
    return { items, start, end: this.next().end };
  }

  private subExpression(start: number, end: number): ExpressionNode {
    const parser = new Parser(this.source, tokenize(this.source, start, end), this.nesting + 1);
    if (parser.peek().kind === 'end')
      throw new ExpressionError('syntax', 'empty ${} in a template literal', start);
    return parser.parseAll();
  }
}
