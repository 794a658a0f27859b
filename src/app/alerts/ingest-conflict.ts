/**
 * Another delivery changed a fingerprint or a group between this delivery's read and its write
 * (docs/alerts.md, "Concurrency"): the transaction is rolled back and the delivery retried.
 */
export class IngestConflict extends Error {
  constructor(
    readonly expected: { groups: number; changed: number; inserted: number },
    readonly actual: { groups: number; changed: number; inserted: number },
  ) {
    super(
      `alert delivery raced another one (expected ${JSON.stringify(expected)}, wrote ${JSON.stringify(actual)})`,
    );
    this.name = 'IngestConflict';
  }
}
