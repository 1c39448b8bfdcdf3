import { createServer } from 'node:net';
import { Aedes } from 'aedes';

/**
 * The baseline broker in a process of its own, as the platform is: aedes with no hooks (no auth,
 * no ACL, no persistence beyond its in-memory default) on 127.0.0.1:BARE_AEDES_PORT. QoS 1 gets its
 * PUBACK as soon as aedes has the message; subscribers get it as aedes routes it.
 */
const port = Number(process.env['BARE_AEDES_PORT']);
if (!Number.isInteger(port) || port <= 0) throw new Error('BARE_AEDES_PORT must be a TCP port');

const broker = await Aedes.createBroker();
const server = createServer((socket) => broker.handle(socket));
server.listen(port, '127.0.0.1');

const stop = () => {
  server.close();
  broker.close(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
