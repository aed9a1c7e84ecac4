import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { decode, encode } from '../../core/codec.ts';
import { processGlobal } from '../../core/process-global.ts';
import { BadRequestError, UnauthorizedError } from '../../errors.ts';

/** Process-wide: every copy of this module (a bundler may load several) signs alike. */
const fallback = processGlobal('token-secret', () => ({ secret: undefined as string | undefined }));

/**
 * The key views are signed with: `REACTIVE_RSC_SECRET`, shared by every app server. Without it
 * each process makes its own, which is fine for one process and refuses tokens from others.
 */
function secret(): string {
  const configured = process.env.REACTIVE_RSC_SECRET;
  if (configured) return configured;
  if (!fallback.secret) {
    fallback.secret = randomBytes(32).toString('hex');
    if (process.env.NODE_ENV === 'production') {
      console.warn(
        'reactive-rsc: REACTIVE_RSC_SECRET is not set; live views work on this process only',
      );
    }
  }
  return fallback.secret;
}

const mac = (body: string) => createHmac('sha256', secret()).update(body).digest('base64url');

export interface ViewToken {
  /** Stable per view name and props: what the stream's events and the client use. */
  id: string;
  /** What the browser hands back to watch the view: name, props and expiry, signed. */
  token: string;
}

/** How long a page's view tokens can be watched with by default: a day. */
export const VIEW_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

/** The view's id: a MAC of its name and props only, so it does not change with the expiry. */
const viewId = (name: string, props: string) => mac(`id:${name}:${props}`).slice(0, 22);

/**
 * Signs a view, so any app server can re-render it and no browser can forge its props; the
 * token stops working `ttlMs` after the render that made it.
 */
export function signView(name: string, props: unknown, ttlMs = VIEW_TOKEN_TTL_MS): ViewToken {
  const p = encode(props);
  const body = Buffer.from(JSON.stringify({ n: name, p, e: Date.now() + ttlMs })).toString(
    'base64url',
  );
  return { id: viewId(name, p), token: `${body}.${mac(body)}` };
}

export function verifyView(token: unknown): {
  id: string;
  name: string;
  props: Record<string, unknown>;
} {
  if (typeof token !== 'string' || token.length > 64 * 1024) {
    throw new BadRequestError('A view token is a string');
  }
  const [body = '', signature = ''] = token.split('.');
  const expected = Buffer.from(mac(body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new UnauthorizedError(
      'The view token is not signed by this app: forged or tampered props',
    );
  }
  const { n, p, e } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
    n: string;
    p: string;
    e: number;
  };
  if (!(Date.now() < e)) {
    throw new UnauthorizedError(
      `The view token of ${n} expired at ${new Date(e).toISOString()}: reload the page for a fresh one`,
    );
  }
  return { id: viewId(n, p), name: n, props: decode(p) };
}
