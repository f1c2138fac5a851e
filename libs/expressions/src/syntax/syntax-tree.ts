/**
 * The parsed form of an expression. Every node keeps its source range so that errors point at it.
 * Identifiers get their binding from the resolver (see resolve-names.ts) before compilation.
 */

interface Located {
  readonly start: number;
  readonly end: number;
}

export type Binding =
  | { readonly kind: 'local'; readonly hops: number; readonly index: number }
  | { readonly kind: 'global' }
  | { readonly kind: 'free' };

export interface IdentifierNode extends Located {
  readonly type: 'Identifier';
  readonly name: string;
  binding?: Binding;
}

export interface LiteralNode extends Located {
  readonly type: 'Literal';
  readonly value: string | number | boolean | null;
}

export interface TemplateNode extends Located {
  readonly type: 'Template';
  readonly quasis: readonly string[];
  readonly expressions: readonly ExpressionNode[];
}

export interface SpreadNode extends Located {
  readonly type: 'Spread';
  readonly argument: ExpressionNode;
}

export interface ArrayNode extends Located {
  readonly type: 'Array';
  readonly elements: readonly (ExpressionNode | SpreadNode)[];
}

export type PropertyNode =
  | { readonly kind: 'init'; readonly key: string; readonly value: ExpressionNode; readonly start: number }
  | {
      readonly kind: 'computed';
      readonly key: ExpressionNode;
      readonly value: ExpressionNode;
      readonly start: number;
    }
  | { readonly kind: 'spread'; readonly argument: ExpressionNode; readonly start: number };

export interface ObjectNode extends Located {
  readonly type: 'Object';
  readonly properties: readonly PropertyNode[];
}

export interface MemberNode extends Located {
  readonly type: 'Member';
  readonly object: ExpressionNode;
  /** A name for `a.b` (also `component.x@v1`), an expression for `a[b]`. */
  readonly property: string | ExpressionNode;
  readonly optional: boolean;
}

export interface CallNode extends Located {
  readonly type: 'Call';
  readonly callee: ExpressionNode;
  readonly arguments: readonly (ExpressionNode | SpreadNode)[];
  readonly optional: boolean;
}

/** `new Date(…)`, the only constructor call the language has. */
export interface NewDateNode extends Located {
  readonly type: 'NewDate';
  readonly arguments: readonly (ExpressionNode | SpreadNode)[];
}

/** Wraps a member/call chain that holds `?.`: a missing link ends the whole chain with undefined. */
export interface ChainNode extends Located {
  readonly type: 'Chain';
  readonly expression: ExpressionNode;
}

export type UnaryOperator = '!' | '-' | '+' | '~' | 'typeof' | 'void';

export interface UnaryNode extends Located {
  readonly type: 'Unary';
  readonly operator: UnaryOperator;
  readonly argument: ExpressionNode;
}

export type BinaryOperator =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '**'
  | '=='
  | '!='
  | '==='
  | '!=='
  | '<'
  | '>'
  | '<='
  | '>='
  | '&'
  | '|'
  | '^'
  | '<<'
  | '>>'
  | '>>>'
  | 'in'
  | 'instanceof';

export interface BinaryNode extends Located {
  readonly type: 'Binary';
  readonly operator: BinaryOperator;
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
}

export interface LogicalNode extends Located {
  readonly type: 'Logical';
  readonly operator: '&&' | '||' | '??';
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
}

export interface ConditionalNode extends Located {
  readonly type: 'Conditional';
  readonly test: ExpressionNode;
  readonly consequent: ExpressionNode;
  readonly alternate: ExpressionNode;
}

export interface ArrowNode extends Located {
  readonly type: 'Arrow';
  readonly params: readonly string[];
  readonly body: ExpressionNode;
}

export type ExpressionNode =
  | IdentifierNode
  | LiteralNode
  | TemplateNode
  | ArrayNode
  | ObjectNode
  | MemberNode
  | CallNode
  | NewDateNode
  | ChainNode
  | UnaryNode
  | BinaryNode
  | LogicalNode
  | ConditionalNode
  | ArrowNode;

/** The direct sub-expressions of a node, for walks that do not care about the node's kind. */
export function childNodes(node: ExpressionNode): ExpressionNode[] {
  switch (node.type) {
    case 'Identifier':
    case 'Literal':
      return [];
    case 'Template':
      return [...node.expressions];
    case 'Array':
      return node.elements.map((element) => (element.type === 'Spread' ? element.argument : element));
    case 'Object':
      return node.properties.flatMap((property) =>
        property.kind === 'spread'
          ? [property.argument]
          : property.kind === 'computed'
            ? [property.key, property.value]
            : [property.value],
      );
    case 'Member':
      return typeof node.property === 'string' ? [node.object] : [node.object, node.property];
    case 'Call':
      return [node.callee, ...node.arguments.map((a) => (a.type === 'Spread' ? a.argument : a))];
    case 'NewDate':
      return node.arguments.map((a) => (a.type === 'Spread' ? a.argument : a));
    case 'Chain':
      return [node.expression];
    case 'Unary':
      return [node.argument];
    case 'Binary':
    case 'Logical':
      return [node.left, node.right];
    case 'Conditional':
      return [node.test, node.consequent, node.alternate];
    case 'Arrow':
      return [node.body];
  }
}
