import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { capturedIo } from '../testing/captured-io';
import { validateCommand } from './validate';

const ROOT = path.resolve(__dirname, '../../../..');
const EXAMPLES = 'examples/ensembles';
const FIXTURES = 'apps/cli/src/validation/__fixtures__';
const ISSUE_LINE =
  /^(?<file>[^:\s]+):(?<line>\d+):(?<column>\d+) (?<severity>error|warning): (?<message>.+)$/;

const exampleFiles = readdirSync(path.join(ROOT, EXAMPLES)).filter((file) => /\.ya?ml$/.test(file));

async function validate(args: string[], env: Record<string, string> = {}) {
  const io = capturedIo({ cwd: ROOT, env });
  const status = await validateCommand.run(args, io);
  return { status, out: io.out(), err: io.err() };
}

describe('baton validate', () => {
  it('accepts the examples directory: exit 0, one line per ensemble and a summary', async () => {
    const { status, out, err } = await validate([EXAMPLES]);
    expect(err).toBe('');
    expect(status).toBe(0);
    for (const file of exampleFiles)
      expect(out).toMatch(new RegExp(`✓ \\S+ +${EXAMPLES}/${file.replace('.', '\\.')} `));
    expect(out).toMatch(
      new RegExp(`^✓ ${exampleFiles.length} ensembles valid \\(\\d+ agents, \\d+ triggers\\)$`, 'm'),
    );
  });

  it.each(exampleFiles)('accepts the example %s on its own', async (file) => {
    const { status, out, err } = await validate([`${EXAMPLES}/${file}`]);
    expect(err).toBe('');
    expect(status).toBe(0);
    expect(out).toMatch(/^✓ 1 ensemble valid/m);
  });

  it('counts agents and declared triggers in the summary', async () => {
    const { out } = await validate([`${FIXTURES}/valid/greeting.yaml`]);
    expect(out).toMatch(
      /✓ greeting +apps\/cli\/src\/validation\/__fixtures__\/valid\/greeting\.yaml +2 agents +manual$/m,
    );
    expect(out).toMatch(/^✓ 1 ensemble valid \(2 agents, 1 trigger\)$/m);
  });

  it('exits 1 on a directory with a broken file and prints each problem as file:line:col message', async () => {
    const { status, out, err } = await validate([`${FIXTURES}/broken`]);
    expect(status).toBe(1);
    const problems = err.split('\n').filter((line) => ISSUE_LINE.test(line));
    expect(problems.length).toBeGreaterThanOrEqual(2);
    for (const line of problems)
      expect(line.match(ISSUE_LINE)?.groups?.file).toBe(`${FIXTURES}/broken/teleport.yaml`);
    // `operation: teleport` is on line 6 and `${land.output}` (a later agent) on line 12.
    expect(
      problems.some(
        (line) => line.startsWith(`${FIXTURES}/broken/teleport.yaml:6:`) && /teleport/.test(line),
      ),
    ).toBe(true);
    expect(
      problems.some((line) => line.startsWith(`${FIXTURES}/broken/teleport.yaml:12:`) && /land/.test(line)),
    ).toBe(true);
    expect(err).toMatch(/^✗ \d+ errors? in 1 file; 1 ensemble valid$/m);
    expect(out).toMatch(/✓ greeting /);
  });

  it('keeps exit status 0 when there are only warnings, and prints them on stderr', async () => {
    const { status, out, err } = await validate([`${FIXTURES}/with-warning`]);
    expect(status).toBe(0);
    const warning = err.split('\n').find((line) => ISSUE_LINE.test(line));
    expect(warning?.match(ISSUE_LINE)?.groups).toMatchObject({
      file: `${FIXTURES}/with-warning/unused-agent.yaml`,
      severity: 'warning',
    });
    expect(warning).toContain('forgotten');
    expect(out).toMatch(/^✓ 1 ensemble valid \(1 agent, 1 trigger\), 1 warning$/m);
  });

  it('prints each ensemble’s dependency graph under its line with --graph', async () => {
    const { status, out } = await validate([`${FIXTURES}/valid/greeting.yaml`, '--graph']);
    expect(status).toBe(0);
    const lines = out.split('\n');
    const header = lines.findIndex((line) => line.includes('✓ greeting'));
    const graph = lines.slice(
      header + 1,
      lines.findIndex((line, index) => index > header && line === ''),
    );
    expect(graph.length).toBeGreaterThan(0);
    expect(graph.every((line) => line.startsWith('    '))).toBe(true);
    const text = graph.join('\n');
    expect(text.indexOf('compose')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('shout')).toBeGreaterThan(text.indexOf('compose'));
  });

  it('prints the graph of every example with --graph', async () => {
    const { status, out } = await validate([EXAMPLES, '--graph']);
    expect(status).toBe(0);
    expect(out).toContain('process-payment');
    expect(out).toContain('await-decision');
  });

  it('prints one JSON report with --json and nothing on stderr', async () => {
    const { status, out, err } = await validate([`${FIXTURES}/broken`, '--json']);
    expect(status).toBe(1);
    expect(err).toBe('');
    const report = JSON.parse(out);
    expect(report.valid).toBe(false);
    expect(report.errors).toBeGreaterThanOrEqual(2);
    expect(report.ensembles).toEqual([
      { name: 'greeting', file: `${FIXTURES}/broken/greeting.yaml`, agents: 2, triggers: ['manual'] },
    ]);
    expect(report.issues[0]).toMatchObject({ file: `${FIXTURES}/broken/teleport.yaml`, severity: 'error' });
    expect(report.issues[0]).toEqual(
      expect.objectContaining({
        line: expect.any(Number),
        column: expect.any(Number),
        code: expect.any(String),
        path: expect.any(String),
      }),
    );
  });

  it('includes each graph in the JSON report with --json --graph', async () => {
    const { out } = await validate([`${FIXTURES}/valid`, '--json', '--graph']);
    const [greeting] = JSON.parse(out).ensembles;
    expect(greeting.graph).toContain('shout');
  });

  it('validates $ENSEMBLES_DIR when no path is given', async () => {
    const { status, out } = await validate([], { ENSEMBLES_DIR: `${FIXTURES}/valid` });
    expect(status).toBe(0);
    expect(out).toContain(`${FIXTURES}/valid/greeting.yaml`);
  });

  it('fails a directory that holds no ensemble file, since a wrong path must not pass CI', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'baton-empty-'));
    try {
      const { status, err } = await validate([empty]);
      expect(status).toBe(1);
      expect(err).toContain('no ensemble files');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('exits 2 for a path that does not exist', async () => {
    const { status, err } = await validate(['no/such/dir']);
    expect(status).toBe(2);
    expect(err).toBe('baton validate: no/such/dir: no such file or directory\n');
  });

  it('exits 2 for an unknown option and shows the usage', async () => {
    const { status, err } = await validate([EXAMPLES, '--grpah']);
    expect(status).toBe(2);
    expect(err).toContain("Unknown option '--grpah'");
    expect(err).toContain('Usage: baton validate');
  });
});
