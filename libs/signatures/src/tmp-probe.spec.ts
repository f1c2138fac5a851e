import { createRequire } from 'node:module';
import { join } from 'node:path';
test('probe', async () => {
  const req = createRequire(__filename);
  let err: unknown;
  try { require('@octokit/webhooks-methods'); } catch (e) { err = e; }
  console.log('jest require:', String(err).slice(0, 200));
  const m = req(join(process.cwd(), 'node_modules/@octokit/webhooks-methods/dist-node/index.js'));
  console.log(Object.keys(m), await m.sign('s', 'x'));
});
