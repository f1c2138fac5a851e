import path from 'node:path';
import { loadEnsembleDir } from '@baton/definition';

const EXAMPLES = path.resolve(__dirname, '../../../examples/ensembles');

describe('the example ensembles', () => {
  it('load with no error and no warning', async () => {
    const { ensembles, issues } = await loadEnsembleDir(EXAMPLES);
    expect(issues).toEqual([]);
    expect(ensembles.map((ensemble) => ensemble.name).sort()).toEqual([
      'daily-report',
      'expense-approval',
      'on-user-signup',
      'process-order',
      'seed-inventory',
      'ticket-intake',
      'webhook-router',
    ]);
  });

  it('start ticket-intake from webhook-router through a queue that ticket-intake listens on', async () => {
    const { ensembles } = await loadEnsembleDir(EXAMPLES);
    const intake = ensembles.find((ensemble) => ensemble.name === 'ticket-intake');
    const router = ensembles.find((ensemble) => ensemble.name === 'webhook-router');
    const send = router?.agents.find((agent) => agent.operation === 'storage');
    expect(intake?.triggers).toContainEqual({ type: 'queue', queue: send?.config.queue });
  });
});
