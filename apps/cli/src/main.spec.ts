import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The real binary, end to end: the sources are built by the project's build script (into a
 * temporary directory, so the shared dist/ is left alone) and run through bin/baton, which
 * expects the CLI at dist/apps/cli/src/main.js.
 */
const ROOT = path.resolve(__dirname, '../../..');
let scratch: string;
let builtRoot: string;

function baton(root: string, args: string[]) {
  return spawnSync(path.join(root, 'bin/baton'), args, {
    cwd: ROOT,
    encoding: 'utf8',
    // The built files live outside the repository: let them find its node_modules.
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
  });
}

function repositoryCopy(name: string): string {
  const root = path.join(scratch, name);
  mkdirSync(path.join(root, 'bin'), { recursive: true });
  copyFileSync(path.join(ROOT, 'bin/baton'), path.join(root, 'bin/baton'));
  return root;
}

// The build exactly as `npm run build` does it, only with a temporary output directory.
function buildCommand(outDir: string): { command: string; args: string[] } {
  const script: string = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.build;
  const [tool, ...args] = script.trim().split(/\s+/);
  const out = args.indexOf('-d') + 1;
  if (out === 0) throw new Error(`the build script has no -d <dir>: ${script}`);
  args[out] = outDir;
  return { command: path.join(ROOT, 'node_modules/.bin', tool), args };
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'baton-cli-'));
  builtRoot = repositoryCopy('built');
  const { command, args } = buildCommand(path.join(builtRoot, 'dist'));
  const build = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stderr}`);
}, 60_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the built baton binary', () => {
  it('is where bin/baton and ./dev run it: dist/apps/cli/src/main.js', () => {
    expect(existsSync(path.join(builtRoot, 'dist/apps/cli/src/main.js'))).toBe(true);
  });

  it('validates every example and exits 0', () => {
    const result = baton(builtRoot, ['validate', 'examples/ensembles']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^✓ \d+ ensembles valid/m);
  });

  it('exits 1 on a broken directory with file:line:col messages on stderr', () => {
    const result = baton(builtRoot, ['validate', 'apps/cli/src/validation/__fixtures__/broken']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^apps\/cli\/src\/validation\/__fixtures__\/broken\/teleport\.yaml:\d+:\d+ error: .+$/m,
    );
  });

  it('prints the dependency graph with --graph', () => {
    const result = baton(builtRoot, [
      'validate',
      'apps/cli/src/validation/__fixtures__/valid/greeting.yaml',
      '--graph',
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^ {6}.*compose/m);
  });

  it('prints the usage for `help` and for an unknown verb', () => {
    const help = baton(builtRoot, ['help']);
    const unknown = baton(builtRoot, ['frobnicate']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: baton <command>');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Usage: baton <command>');
  });

  it('tells to run ./dev setup when the CLI is not built', () => {
    const result = baton(repositoryCopy('unbuilt'), ['validate', 'examples/ensembles']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('run ./dev setup');
  });
});
