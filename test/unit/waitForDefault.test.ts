import { describe, expect, it, vi } from 'vitest';

describe('vi.waitFor default', () => {
  it('keeps retrying past vitest’s one-second default', async () => {
    const started = Date.now();
    await vi.waitFor(() => expect(Date.now() - started).toBeGreaterThan(1500));
  });

  it('still honours an explicit timeout', async () => {
    await expect(vi.waitFor(() => expect(false).toBe(true), { timeout: 100 })).rejects.toThrow();
  });
});
