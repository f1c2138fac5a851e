import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chooseEnsemblesDir } from './ensembles-dir';

let scratch: string;
let examples: string;
beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'baton-ensembles-dir-'));
  examples = path.join(scratch, 'repo/examples/ensembles');
  mkdirSync(examples, { recursive: true });
  mkdirSync(path.join(scratch, 'project/ensembles'), { recursive: true });
  mkdirSync(path.join(scratch, 'empty'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

describe('the ensembles directory of baton start', () => {
  it('is ENSEMBLES_DIR when set, resolved against the working directory', () => {
    expect(
      chooseEnsemblesDir({ ENSEMBLES_DIR: 'ensembles' }, path.join(scratch, 'project'), examples),
    ).toEqual({
      ok: true,
      dir: path.join(scratch, 'project/ensembles'),
      why: 'ENSEMBLES_DIR',
    });
  });

  it('is ./ensembles when ENSEMBLES_DIR is unset and it exists', () => {
    expect(chooseEnsemblesDir({}, path.join(scratch, 'project'), examples)).toMatchObject({
      dir: path.join(scratch, 'project/ensembles'),
    });
  });

  it('is the repository’s examples when there is no ./ensembles, wherever the command runs', () => {
    expect(chooseEnsemblesDir({ ENSEMBLES_DIR: '' }, path.join(scratch, 'empty'), examples)).toMatchObject({
      ok: true,
      dir: examples,
    });
  });

  it('refuses an ENSEMBLES_DIR that is not a directory', () => {
    expect(chooseEnsemblesDir({ ENSEMBLES_DIR: 'nowhere' }, scratch, examples)).toEqual({
      ok: false,
      message: 'ENSEMBLES_DIR nowhere is not a directory',
    });
  });
});
