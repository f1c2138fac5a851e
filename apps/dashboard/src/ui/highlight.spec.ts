import { highlighted, languageOfPath } from './highlight';

describe('highlighted', () => {
  it('escapes the text it highlights: a value can never become markup', () => {
    const html = highlighted(JSON.stringify({ note: '<img src=x onerror=alert(1)></script>' }), 'json');
    expect(html).not.toMatch(/<img|<\/script>/);
    expect(html).toContain('&lt;img');
    expect(highlighted('<b>&</b>', 'plaintext')).toBe('&#60;b&#62;&#38;&#60;/b&#62;');
  });

  it('wraps the tokens of YAML in hljs classes', () => {
    expect(highlighted('name: signup', 'yaml')).toContain('<span class="hljs-attr">name:</span>');
  });

  it('picks the language from a carried file’s extension', () => {
    expect(['scripts/a.ts', 'schemas/b.json', 'c.yaml', 'notes.txt'].map(languageOfPath)).toEqual([
      'typescript',
      'json',
      'yaml',
      'plaintext',
    ]);
  });
});
