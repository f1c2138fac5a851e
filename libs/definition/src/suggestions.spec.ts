import { closest, didYouMean } from './suggestions';

describe('did-you-mean suggestions', () => {
  it('suggests the closest candidate within a few edits', () => {
    expect(closest('htpp', ['http', 'data', 'code'])).toBe('http');
    expect(closest('max_attempt', ['max_attempts', 'backoff'])).toBe('max_attempts');
  });

  it('suggests the candidate an abbreviation starts', () => {
    expect(closest('obj', ['string', 'object'])).toBe('object');
  });

  it('suggests nothing when no candidate is plausibly meant', () => {
    expect(closest('teleport', ['http', 'data', 'code'])).toBeUndefined();
    expect(didYouMean('teleport', ['http'])).toBe('');
  });

  it("phrases a suggestion as ' (did you mean 'x'?)'", () => {
    expect(didYouMean('Http', ['http'])).toBe(" (did you mean 'http'?)");
  });
});
