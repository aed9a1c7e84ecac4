import { createReactiveClient } from 'reactive-rsc/client';

/** The tab's one connection to the hub: every client signal and live view shares it. */
export const client = createReactiveClient({ url: '/_reactive' });
