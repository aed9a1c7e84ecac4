import { setup } from 'rivetkit';
import { reactiveStateActor } from './signal.ts';

/** The simplest start: a registry holding only the signal actor, as `reactiveState`. */
export const reactiveRegistry = setup({ use: { reactiveState: reactiveStateActor } });
