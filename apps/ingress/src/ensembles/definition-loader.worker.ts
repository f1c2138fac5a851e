/**
 * The thread ingress loads registered definitions in (definition-loader.ts): parsing and checking a
 * hostile YAML file is linear but not free (a 1 MiB file takes seconds), and none of it may hold
 * up the event loop that answers webhooks and /healthz.
 */
import { parentPort } from 'node:worker_threads';
import { loadEnsembleFile, loadEnsembleText } from '@baton/definition';
import type { LoadRequest, LoadReply } from './definition-loader';

parentPort?.on('message', (request: LoadRequest) => {
  let reply: LoadReply;
  try {
    const result =
      request.kind === 'text'
        ? loadEnsembleText(request.text, { file: request.file, baseDir: request.baseDir })
        : loadEnsembleFile(request.path);
    reply = { id: request.id, result };
  } catch (error) {
    // A bug of the loader, not of the file: ingress answers it as an internal error.
    reply = { id: request.id, crash: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
