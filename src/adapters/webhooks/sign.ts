import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures: `X-Hikeshi-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`
 * with the target's secret, and the timestamp (Unix seconds) in `X-Hikeshi-Timestamp`, so a
 * receiver can refuse old replays. The same scheme as Stripe's and Slack's request signing.
 */
export function signPayload(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Checks a signature as a receiver would (constant time). */
export function verifySignature(secret: string, timestamp: number, body: string, signature: string): boolean {
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
