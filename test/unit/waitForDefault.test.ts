import { describe, expect, it, vi } from 'vitest';

describe('vi.waitFor default', () => {
  it('keeps retrying past vitest’s one-second default', async () => {
    // 60 attempts 25 ms apart take at least 1.5 s: vitest's own default (1 s, every 50 ms) gives
    // up after about 20. Counting attempts asserts the retrying, not how fast the machine is.
    let attempts = 0;
    await vi.waitFor(() => expect(++attempts).toBeGreaterThanOrEqual(60));
    expect(attempts).toBe(60);
  });

  it('still honours an explicit timeout', async () => {
    await expect(vi.waitFor(() => expect(false).toBe(true), { timeout: 100 })).rejects.toThrow();
  });
});
