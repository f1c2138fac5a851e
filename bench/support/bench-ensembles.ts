import { join } from 'node:path';

/** The bench ensembles: the build copies bench/fixtures beside the compiled benches. */
export const BENCH_ENSEMBLES_DIR = join(__dirname, '../fixtures/ensembles');
