import { telemetry } from './single-process-instrument';
import { captureConsumerServices, runHostedServices } from '@baton/runtime';
import { HOSTED_SERVICES, SERVICES_PROCESS } from './hosted-services';
import { findRepository } from './repository';

/**
 * The services process of `baton start --single-process`: orchestrator, worker, scheduler,
 * projector and notifier in one Node process. Each service's built main.js is loaded as it is (the
 * one definition of that service, see @baton/runtime's service-capture.ts) and run by
 * `runHostedServices`. Apps never import each other, so the host finds them where `start` finds
 * them to spawn them: dist/apps/<name>/src/main.js.
 */
const repository = findRepository();
if (!repository) {
  process.stderr.write(`${SERVICES_PROCESS} failed to start: cannot find the Baton checkout\n`);
  process.exit(1);
}
let services: ReturnType<typeof captureConsumerServices>;
try {
  services = captureConsumerServices(() => {
    for (const name of HOSTED_SERVICES) require(repository.serviceMain(name));
  });
} catch (error) {
  process.stderr.write(`${SERVICES_PROCESS} failed to start: ${(error as Error).message}\n`);
  process.exit(1);
}
const missing = HOSTED_SERVICES.filter((name) => !services.some((service) => service.service === name));
if (missing.length > 0) {
  process.stderr.write(
    `${SERVICES_PROCESS} failed to start: ${missing.join(', ')} did not define a consumer service (runConsumerService) in its main.js\n`,
  );
  process.exit(1);
}
void runHostedServices({ name: SERVICES_PROCESS, services, telemetry });
