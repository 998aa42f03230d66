import { afterEach, expect, test, vi } from 'vitest';
import { signObjectUrl, verifySignedUrl } from './signed-urls.ts';

const secret = 'a-test-secret-of-at-least-32-characters!';
afterEach(() => vi.useRealTimers());

test('a URL signed for 1 s late in a second still lives a full second', async () => {
  vi.useFakeTimers({ now: 1_000_999, toFake: ['Date'] });
  const { url } = await signObjectUrl(secret, 'docs', 'a/b.txt', 1);
  const token = new URL(url, 'http://local').searchParams.get('token');
  vi.setSystemTime(1_001_500);
  await expect(verifySignedUrl(secret, 'download', 'docs', 'a/b.txt', token)).resolves.toMatchObject({ url: 'docs/a/b.txt' });
  vi.setSystemTime(1_002_000);
  await expect(verifySignedUrl(secret, 'download', 'docs', 'a/b.txt', token)).rejects.toMatchObject({ status: 400, code: 'InvalidJWT' });
});
