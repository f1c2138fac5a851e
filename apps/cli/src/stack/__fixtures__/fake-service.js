// A stand-in service for LocalStack specs: answers /readyz on HEALTH_PORT, logs JSON lines, stops on
// SIGTERM. FAKE_EXIT_AFTER_MS makes it die on its own, FAKE_IGNORE_SIGTERM makes it need SIGKILL,
// FAKE_NEVER_READY keeps /readyz at 503.
const { createServer } = require('node:http');

const name = process.env.FAKE_NAME || 'fake';
const log = (msg) => process.stdout.write(`${JSON.stringify({ level: 'info', service: name, msg })}\n`);
const readyStatus = process.env.FAKE_NEVER_READY ? 503 : 200;
const server = createServer((req, res) => res.writeHead(req.url === '/readyz' ? readyStatus : 404).end());
server.listen(Number(process.env.HEALTH_PORT), () => log('listening'));
process.on('SIGTERM', () => {
  if (process.env.FAKE_IGNORE_SIGTERM) return log('ignoring SIGTERM');
  log('stopping');
  server.close(() => process.exit(0));
});
if (process.env.FAKE_EXIT_AFTER_MS) {
  setTimeout(() => {
    process.stderr.write('fatal: out of luck\n');
    process.exit(3);
  }, Number(process.env.FAKE_EXIT_AFTER_MS));
}
