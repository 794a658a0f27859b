import { expect } from 'vitest';
import { DomainError, type ErrorCode, type ErrorParams } from '../../src/domain/errors.ts';

/**
 * Runs `fn` and checks it throws a DomainError with exactly this code (and, when given, exactly
 * these params and details). Returns the error for further checks.
 */
export function expectDomainError(
  fn: () => unknown,
  code: ErrorCode,
  params?: ErrorParams,
  details?: unknown,
): DomainError {
  let caught: unknown = undefined;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a DomainError ${code}`).toBeInstanceOf(DomainError);
  const error = caught as DomainError;
  expect(error.code).toBe(code);
  if (params !== undefined) expect(error.params).toEqual(params);
  if (details !== undefined) expect(error.details).toEqual(details);
  return error;
}
