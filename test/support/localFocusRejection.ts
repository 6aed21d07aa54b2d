// The LocalFocusError a request fails with, for tests that check its code and sentence: fails the
// test when the request succeeds or throws anything else.
import assert from 'node:assert/strict';
import { LocalFocusError } from '../../src/core/errors';

export async function localFocusRejection(promise: Promise<unknown>): Promise<LocalFocusError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof LocalFocusError, `expected a LocalFocusError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the request to fail');
}
