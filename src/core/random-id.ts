/**
 * `bytes` random bytes as base64url: ids that must not collide (sessions, hub processes, write
 * ids). Web Crypto, so browsers and servers make them the same way.
 */
export function randomId(bytes: number): string {
  const random = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...random))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
