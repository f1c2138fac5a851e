import { displayPath } from './display-path';

describe('displayPath', () => {
  it('is relative to the working directory below it, and absolute elsewhere', () => {
    expect(displayPath('/repo/examples/inputs/a.json', '/repo')).toBe('examples/inputs/a.json');
    expect(displayPath('/repo/examples/inputs/a.json', '/tmp/elsewhere')).toBe(
      '/repo/examples/inputs/a.json',
    );
    expect(displayPath('/repo', '/repo')).toBe('.');
  });
});
