import { readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');
const SCRIPTS = path.join(ROOT, 'examples/ensembles/scripts');

describe('AgentExecutionContext', () => {
  it('type-checks every example script that imports it', () => {
    const scripts = readdirSync(SCRIPTS)
      .filter((file) => file.endsWith('.ts'))
      .map((file) => path.join(SCRIPTS, file));
    expect(scripts.length).toBeGreaterThan(0);

    const program = ts.createProgram(scripts, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2023,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      lib: ['lib.es2023.d.ts'],
      types: [],
      skipLibCheck: true,
      baseUrl: ROOT,
      paths: { '@baton/sdk': ['libs/sdk/src/index.ts'] },
      ignoreDeprecations: '6.0',
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    expect(problems).toEqual([]);
  });

  it('is imported type-only by every example script, so running a script needs no package', () => {
    for (const file of readdirSync(SCRIPTS).filter((name) => name.endsWith('.ts'))) {
      const source = ts.sys.readFile(path.join(SCRIPTS, file)) ?? '';
      expect({ file, imports: source.match(/^import .*$/gm) ?? [] }).toEqual({
        file,
        imports: ["import type { AgentExecutionContext } from '@baton/sdk';"],
      });
    }
  });
});
