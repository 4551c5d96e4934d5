import { randomBytes } from 'node:crypto';

/** A CSP nonce from the crypto RNG (never Math.random). */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}
