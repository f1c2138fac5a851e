import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const repository = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The dashboard is built once (`npm run build`) into dist/apps/dashboard, where ingress serves it:
 * no dev server in production, hashed asset names so they can be cached for ever.
 */
export default defineConfig({
  root,
  base: '/',
  // JSX through Vite's own transformer (Oxc) with Preact's automatic runtime: no Babel plugin.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: {
    alias: {
      '@baton/model': `${repository}libs/model/src/index.ts`,
    },
  },
  build: {
    outDir: `${repository}dist/apps/dashboard`,
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 600,
  },
  logLevel: 'warn',
});
