/**
 * The `${…}` spans protected before YAML parsing, seen from the parsed document: each token's final
 * text, its expression body, and where each character of that body came from in the original file.
 */
import { type Document, isScalar, visit } from 'yaml';
import type { ProtectedSpan, ProtectedText } from '../text/protected-text';

export interface ExpressionToken {
  readonly id: number;
  /** The `${…}` text the value holds. */
  readonly text: string;
  /** The expression body between `${` and `}`. */
  readonly source: string;
  /** Offset in the original file of the character at `index` of `source`. */
  originalOffset(index: number): number;
}

interface Segment {
  readonly textIndex: number;
  readonly originalOffset: number;
}

export class ExpressionTokens {
  private readonly tokens: ExpressionToken[];
  private readonly pattern: RegExp;
  private readonly wholePattern: RegExp;

  constructor(protectedText: ProtectedText, document: Document) {
    const blockIndents = blockScalarIndents(protectedText, document);
    this.tokens = protectedText.spans.map((span) => makeToken(span, blockIndents.get(span.id)));
    const token = `${escapeRegExp(protectedText.tokenPrefix)}_(\\d+)__`;
    this.pattern = new RegExp(token, 'g');
    this.wholePattern = new RegExp(`^${token}$`);
  }

  get(id: number): ExpressionToken {
    return this.tokens[id];
  }

  /** Tokens in a string of the (token-form) document, in order. */
  in(value: string): ExpressionToken[] {
    return [...value.matchAll(this.pattern)].map((match) => this.tokens[Number(match[1])]);
  }

  /** The token when the string is exactly one token (its value keeps its type), else undefined. */
  whole(value: string): ExpressionToken | undefined {
    const match = this.wholePattern.exec(value);
    return match ? this.tokens[Number(match[1])] : undefined;
  }

  restore(value: string): string {
    return value.replace(this.pattern, (_token, id: string) => this.tokens[Number(id)].text);
  }

  /** Restores every string (keys included) of a plain JSON value. */
  restoreDeep<T>(value: T): T {
    if (typeof value === 'string') return this.restore(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.restoreDeep(item)) as T;
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [this.restore(key), this.restoreDeep(item)]),
      ) as T;
    }
    return value;
  }
}

function makeToken(span: ProtectedSpan, blockIndent: number | undefined): ExpressionToken {
  const { text, segments } =
    blockIndent === undefined
      ? { text: span.text, segments: [{ textIndex: 0, originalOffset: span.originalStart }] }
      : dedent(span, blockIndent);
  return {
    id: span.id,
    text,
    source: text.slice(2, -1),
    originalOffset(index: number): number {
      const textIndex = index + 2;
      let segment = segments[0];
      for (const candidate of segments) {
        if (candidate.textIndex <= textIndex) segment = candidate;
      }
      return segment.originalOffset + (textIndex - segment.textIndex);
    },
  };
}

/**
 * A multi-line expression inside a block scalar reads as YAML would have read it: each continuation
 * line loses the block's indentation (which matters inside template literals).
 */
function dedent(span: ProtectedSpan, indent: number): { text: string; segments: Segment[] } {
  const segments: Segment[] = [{ textIndex: 0, originalOffset: span.originalStart }];
  let text = '';
  let index = 0;
  while (index < span.text.length) {
    const character = span.text[index];
    text += character;
    index++;
    if (character === '\n') {
      let removed = 0;
      while (removed < indent && span.text[index + removed] === ' ') removed++;
      index += removed;
      if (removed > 0) segments.push({ textIndex: text.length, originalOffset: span.originalStart + index });
    }
  }
  return { text, segments };
}

/** Content indentation of the block scalar holding each multi-line token, by token id. */
function blockScalarIndents(protectedText: ProtectedText, document: Document): Map<number, number> {
  const indents = new Map<number, number>();
  const multiLine = protectedText.spans.filter((span) => span.text.includes('\n'));
  if (multiLine.length === 0) return indents;
  visit(document, {
    Scalar(_key, node) {
      if (!isScalar(node) || (node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED') || !node.range)
        return;
      const [start, end] = node.range;
      const inside = multiLine.filter((span) => span.protectedStart >= start && span.protectedEnd <= end);
      if (inside.length === 0) return;
      const indent = blockIndent(protectedText.text, start);
      for (const span of inside) indents.set(span.id, indent);
    },
  });
  return indents;
}

function blockIndent(text: string, headerOffset: number): number {
  const headerEnd = text.indexOf('\n', headerOffset);
  const header = text.slice(headerOffset, headerEnd === -1 ? text.length : headerEnd);
  const explicit = /^[|>][+-]?([1-9])|^[|>]([1-9])/.exec(header);
  if (explicit) {
    const lineStart = text.lastIndexOf('\n', headerOffset) + 1;
    return leadingSpaces(text, lineStart) + Number(explicit[1] ?? explicit[2]);
  }
  let lineStart = headerEnd + 1;
  while (headerEnd !== -1 && lineStart < text.length) {
    const lineEnd = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
    if (line.trim() !== '') return leadingSpaces(text, lineStart);
    if (lineEnd === -1) break;
    lineStart = lineEnd + 1;
  }
  return 0;
}

function leadingSpaces(text: string, from: number): number {
  let count = 0;
  while (text[from + count] === ' ') count++;
  return count;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
