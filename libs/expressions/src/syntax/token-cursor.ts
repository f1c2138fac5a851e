/**
 * Reading position over a token list, with the parser's nesting budget: the part of parsing that
 * does not depend on the grammar.
 */
import { ExpressionError } from '../expression-error';
import type { Token } from './tokens';

/** Deepest nesting of parentheses, brackets, arrows, conditionals and prefix operators. */
export const MAX_SYNTAX_NESTING = 128;

export class TokenCursor {
  protected position = 0;

  constructor(
    protected readonly source: string,
    protected readonly tokens: readonly Token[],
    protected nesting: number,
  ) {}

  /** Enters one level of nesting; refuses to go past MAX_SYNTAX_NESTING (no parser recursion overflows). */
  protected descend(): void {
    if (++this.nesting > MAX_SYNTAX_NESTING) {
      throw new ExpressionError(
        'limit',
        `expression nested too deeply (more than ${MAX_SYNTAX_NESTING} levels)`,
        this.peek().start,
      );
    }
  }

  protected ascend(): void {
    this.nesting--;
  }

  protected peek(offset = 0): Token {
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)];
  }

  protected next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position++;
    return token;
  }

  protected isPunct(value: string): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.value === value;
  }

  protected expectPunct(value: string): Token {
    const token = this.next();
    if (token.kind !== 'punct' || token.value !== value) throw this.unexpected(token, `'${value}'`);
    return token;
  }

  protected unexpected(token: Token, expected?: string): ExpressionError {
    const found =
      token.kind === 'end' ? 'end of expression' : `'${this.source.slice(token.start, token.end)}'`;
    return new ExpressionError(
      'syntax',
      `unexpected ${found}${expected === undefined ? '' : `, expected ${expected}`}`,
      token.start,
    );
  }
}
