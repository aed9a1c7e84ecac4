import { unstable_getContextData as getContextData } from 'waku/server';

/** In a server component: the user the middleware found or made for this request. */
export const currentUser = (): string => (getContextData() as { user?: string }).user ?? '';
