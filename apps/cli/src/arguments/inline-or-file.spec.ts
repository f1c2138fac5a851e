import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readBytesArgument, readJsonArgument, readJsonObjectArgument } from './inline-or-file';

const FIXTURES = path.join(__dirname, '../commands');

describe('values given inline or as @file', () => {
  it('reads a file’s bytes untouched, relative to the working directory', async () => {
    const bytes = await readBytesArgument('--data', '@__fixtures__/delivery.json', FIXTURES);
    expect(bytes).toEqual({
      ok: true,
      value: readFileSync(path.join(FIXTURES, '__fixtures__/delivery.json')),
    });
  });

  it('takes inline text as its UTF-8 bytes', async () => {
    expect(await readBytesArgument('--data', '{"name":"Zoë"}', FIXTURES)).toEqual({
      ok: true,
      value: Buffer.from('{"name":"Zoë"}'),
    });
  });

  it('names the option and the file it cannot read', async () => {
    expect(await readBytesArgument('--data', '@nope.json', FIXTURES)).toEqual({
      ok: false,
      message: '--data: cannot read nope.json: no such file',
    });
    expect(await readBytesArgument('--data', '@__fixtures__', FIXTURES)).toEqual({
      ok: false,
      message: '--data: cannot read __fixtures__: it is a directory',
    });
  });

  it('parses JSON and says where invalid JSON came from', async () => {
    expect(await readJsonArgument('--input', '[1, 2]', FIXTURES)).toEqual({ ok: true, value: [1, 2] });
    expect(await readJsonArgument('--input', '{oops', FIXTURES)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^--input: the value is not valid JSON/),
    });
  });

  it('insists on an object where fields are merged into it', async () => {
    expect(await readJsonObjectArgument('--data', '{"a":1}', FIXTURES)).toEqual({
      ok: true,
      value: { a: 1 },
    });
    expect(await readJsonObjectArgument('--data', '"text"', FIXTURES)).toMatchObject({ ok: false });
  });
});
