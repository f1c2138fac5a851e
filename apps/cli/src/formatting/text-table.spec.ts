import { formatTable } from './text-table';

describe('formatTable', () => {
  it('aligns every column on its widest cell, two spaces apart', () => {
    const text = formatTable(
      ['ID', 'STATUS', 'DETAIL'],
      [
        ['a', 'completed', 'x'],
        ['bbbb', 'ok', 'longer detail'],
      ],
    );
    expect(text.split('\n')).toEqual([
      'ID    STATUS     DETAIL',
      'a     completed  x',
      'bbbb  ok         longer detail',
      '',
    ]);
  });

  it('leaves no trailing blanks when the last cells are empty', () => {
    const text = formatTable(['A', 'B'], [['long value', '']]);
    expect(text.split('\n').every((line) => line === line.trimEnd())).toBe(true);
  });

  it('counts a symbol such as … as one column', () => {
    const lines = formatTable(
      ['X', 'Y'],
      [
        ['1.2s…', 'a'],
        ['12.5s', 'b'],
      ],
    ).split('\n');
    expect(lines[1].indexOf('a')).toBe(lines[2].indexOf('b'));
  });

  it('puts the indent before every line', () => {
    const lines = formatTable(['A'], [['1']], { indent: '  ' })
      .trimEnd()
      .split('\n');
    expect(lines).toEqual(['  A', '  1']);
  });
});
