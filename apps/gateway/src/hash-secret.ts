import { hashSecret } from '@campus/device-protocols';

// `npm run hash-secret -- <secret>`: prints the scrypt hash to put in the sites file as
// `secretHash` (devices) or `passwordHash` (users), so plain secrets need not be stored there.
const secret = process.argv[2];
if (!secret) {
  console.error('usage: npm run hash-secret -- <secret>');
  process.exit(2);
}
console.log(hashSecret(secret));
