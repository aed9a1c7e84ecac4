import { unstable_getContextData as getContextData } from 'waku/server';

/** Who is asking: the `user` cookie (the user middleware hands one out). */
export function userOf(request: Request): string | undefined {
  return /(?:^|;\s*)user=([A-Za-z0-9_-]{8,64})/.exec(request.headers.get('cookie') ?? '')?.[1];
}

/** In a server component: the user the middleware found or made for this request. */
export const currentUser = (): string => (getContextData() as { user?: string }).user ?? '';
