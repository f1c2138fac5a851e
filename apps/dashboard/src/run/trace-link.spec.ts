import { traceLink } from './trace-link';

describe('traceLink', () => {
  it('fills {traceId} into a template, or adds /trace/<id> to a Jaeger base', () => {
    const id = '4bf92f3577b34da6a3ce929d0e0e4736';
    expect(traceLink('http://127.0.0.1:16686/trace/{traceId}?uiFind=x', id)).toBe(
      `http://127.0.0.1:16686/trace/${id}?uiFind=x`,
    );
    expect(traceLink('http://127.0.0.1:16686/', id)).toBe(`http://127.0.0.1:16686/trace/${id}`);
  });

  it('gives no link without a configured URL or without a trace', () => {
    expect(traceLink(null, '4bf92f3577b34da6a3ce929d0e0e4736')).toBeUndefined();
    expect(traceLink('http://127.0.0.1:16686', null)).toBeUndefined();
  });
});
