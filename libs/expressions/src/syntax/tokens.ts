/** What the lexer produces: one token per word, number, string, template literal or punctuator. */

interface TokenRange {
  readonly start: number;
  readonly end: number;
}

export interface NameToken extends TokenRange {
  readonly kind: 'name';
  readonly value: string;
  /** The `@VERSION` of a component reference (`order-schema@v1.0.0`), when present. */
  readonly version?: string;
}

export interface NumberToken extends TokenRange {
  readonly kind: 'number';
  readonly value: number;
}

export interface StringToken extends TokenRange {
  readonly kind: 'string';
  readonly value: string;
}

export interface TemplateToken extends TokenRange {
  readonly kind: 'template';
  /** Cooked text between substitutions. */
  readonly quasis: readonly string[];
  /** Source ranges of the substitution bodies, parsed as expressions of their own. */
  readonly substitutions: readonly TokenRange[];
}

export interface PunctuatorToken extends TokenRange {
  readonly kind: 'punct';
  readonly value: string;
}

export interface EndToken extends TokenRange {
  readonly kind: 'end';
}

export type Token = NameToken | NumberToken | StringToken | TemplateToken | PunctuatorToken | EndToken;
