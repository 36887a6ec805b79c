// Which engine errors on container removal are worth another try: overlay2's root-filesystem race only.
import { describe, expect, it } from 'vitest';
import { isTransientRemoveError } from '../../src/engine/containers.js';

const engineError = (statusCode: number, message: string): Error => Object.assign(new Error(message), { statusCode });

describe('isTransientRemoveError', () => {
  it("retries overlay2's failure to delete a killed container's root filesystem", () => {
    expect(isTransientRemoveError(engineError(500, '(HTTP code 500) server error - container 39e6c8ee2062: driver "overlay2" failed to remove root filesystem: unlinkat /var/lib/docker/overlay2/e775fc68: directory not empty'))).toBe(true);
    expect(isTransientRemoveError(engineError(500, 'driver "overlay2" failed to remove root filesystem: remove /var/lib/docker/overlay2/x/merged: device or resource busy'))).toBe(true);
  });

  it('does not retry other errors', () => {
    expect(isTransientRemoveError(engineError(500, 'server error - something else'))).toBe(false);
    expect(isTransientRemoveError(engineError(409, 'failed to remove root filesystem'))).toBe(false);
    expect(isTransientRemoveError(new Error('driver "overlay2" failed to remove root filesystem'))).toBe(false);
    expect(isTransientRemoveError(undefined)).toBe(false);
  });
});
