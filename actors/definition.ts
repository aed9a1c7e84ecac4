import type { Actions, ActorDefinition } from 'rivetkit';

type NoSchema = Record<never, never>;

/** What `PlainActor` actions must fit: RivetKit's own bound, for our shape of actor. */
export type PlainActions<S> = Actions<
  S,
  unknown,
  undefined,
  undefined,
  undefined,
  undefined,
  NoSchema,
  NoSchema
>;

/**
 * The RivetKit type of our actors: state `S` and actions `A`, no vars, input, database, or event
 * and queue schemas. Spelled out so that declaration files can name it.
 */
export type PlainActor<S, A extends PlainActions<S>> = ActorDefinition<
  S,
  unknown,
  undefined,
  undefined,
  undefined,
  undefined,
  NoSchema,
  NoSchema,
  A
>;
