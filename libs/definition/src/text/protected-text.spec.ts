import { protectExpressions, toOriginalOffset } from './protected-text';

describe('protecting ${…} before YAML parsing', () => {
  it('replaces every balanced span, nested braces and strings included, by a plain-scalar token', () => {
    const original = "a: ${ {x: '}'}.x }\nb: [${loop.item}]";
    const result = protectExpressions(original);
    if (!result.ok) throw new Error(result.message);
    expect(result.value.text).toBe('a: __baton_expr_0__\nb: [__baton_expr_1__]');
    expect(result.value.spans.map((span) => span.text)).toEqual(["${ {x: '}'}.x }", '${loop.item}']);
  });

  it('maps offsets of the protected text back to the original text', () => {
    const original = 'a: ${input.value} # note\nb: c';
    const result = protectExpressions(original);
    if (!result.ok) throw new Error(result.message);
    const protectedText = result.value;
    const inToken = protectedText.text.indexOf('expr');
    const afterToken = protectedText.text.indexOf('# note');
    expect(toOriginalOffset(protectedText, 1)).toBe(1);
    expect(toOriginalOffset(protectedText, inToken)).toBe(original.indexOf('${'));
    expect(toOriginalOffset(protectedText, afterToken)).toBe(original.indexOf('# note'));
  });

  it('chooses a token prefix the file does not already contain', () => {
    const result = protectExpressions('a: __baton_expr_0__ ${x}');
    if (!result.ok) throw new Error(result.message);
    expect(result.value.tokenPrefix).not.toBe('__baton_expr');
    expect(result.value.text).toBe(`a: __baton_expr_0__ ${result.value.tokenPrefix}_0__`);
  });

  it('refuses an unclosed ${ with the offset of its $', () => {
    const result = protectExpressions('a: ok\nb: ${input.items');
    expect(result).toEqual({ ok: false, offset: 9, message: "'${' is never closed by a matching '}'" });
  });
});
