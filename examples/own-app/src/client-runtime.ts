import { createReactiveClient } from 'reactive-rsc/client';

/** The tab's one connection to the hub, shared by every client signal and live view. */
export const client = createReactiveClient({ url: '/_reactive' });
