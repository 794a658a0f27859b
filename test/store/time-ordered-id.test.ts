import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { timeOrderedId } from '../../src/store/time-ordered-id.ts';

const millisecondsOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('time-ordered ids (UUID version 7)', () => {
  it('are RFC 9562 version 7 UUIDs, accepted where the API takes an id', () => {
    const id = timeOrderedId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(z.uuid().safeParse(id).success).toBe(true);
  });

  it('carry the time they were made, to the millisecond', () => {
    const later = Date.now() + 60_000; // a minute ahead of every id made so far in this process
    expect(millisecondsOf(timeOrderedId(later))).toBe(later);
    expect(new Date(millisecondsOf(timeOrderedId(later + 1))).toISOString()).toBe(new Date(later + 1).toISOString());
  });

  it('increase strictly, within a millisecond and when its counter runs out', () => {
    const at = Date.now() + 120_000;
    // 10,000 ids in "one millisecond": more than the 12-bit counter holds, so the time moves on.
    const ids = Array.from({ length: 10_000 }, () => timeOrderedId(at));
    for (let i = 1; i < ids.length; i += 1) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(millisecondsOf(ids[0]!)).toBe(at);
    expect(millisecondsOf(ids.at(-1)!)).toBeGreaterThan(at);
    expect(millisecondsOf(ids.at(-1)!)).toBeLessThanOrEqual(at + 5);
    // A clock that steps back does not make an id sort before the last one.
    expect(timeOrderedId(at - 1_000) > ids.at(-1)!).toBe(true);
  });

  it('are unique and vary in their random part', () => {
    const ids = Array.from({ length: 100_000 }, () => timeOrderedId());
    expect(new Set(ids).size).toBe(ids.length);
    const tails = new Set(ids.map((id) => id.slice(-12)));
    expect(tails.size).toBe(ids.length);
  });
});
