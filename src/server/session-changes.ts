import type { SessionRequest } from '../core/protocol.ts';
import type { HubRelay } from '../core/relay.ts';
import { BadRequestError, UnknownSessionError } from '../errors.ts';
import type { SharedViews, ViewViewer } from './live/shared-views.ts';
import { verifyView } from './live/token.ts';
import { getView, requireView } from './live/views.ts';
import type { Session } from './session.ts';
import type { SessionRegistry } from './session-registry.ts';

export interface SessionChanges {
  /**
   * Applies a change to a session's subscriptions where its stream is: here, or (when the
   * request names another hub process) forwarded there through the relay.
   */
  change(request: SessionRequest): Promise<void>;
  /** Stops applying the changes other processes forward here. */
  stop(): void;
}

export function createSessionChanges(options: {
  sessions: SessionRegistry;
  relay: HubRelay | undefined;
  /** The hub's live views, if it serves any. */
  shared: SharedViews | undefined;
}): SessionChanges {
  const { sessions, relay, shared } = options;

  function watch(session: Session, view: string): ViewViewer {
    if (!shared) throw new BadRequestError('This hub serves no live views');
    const { id, name, props } = verifyView(view);
    const Component = requireView(name);
    // Looked up on every render: after a module reload the view's new code renders.
    const body = () => (getView(name) ?? Component)(props as never);
    return shared.viewer({ id, name, body }, session);
  }

  /** Applies a change to a session of this process. */
  async function apply(request: SessionRequest): Promise<void> {
    const { session } = sessions.open(request.session);
    switch (request.type) {
      case 'subscribe':
        return session.subscribe(request.keys);
      case 'unsubscribe':
        return session.unsubscribe(request.keys);
      case 'watch':
        return session.watchView(watch(session, request.view), request.deps);
      case 'unwatch':
        return session.unwatchView(request.view);
    }
  }

  const stop = relay?.listen((request) => {
    apply(request).catch((error) =>
      console.error('reactive-rsc hub: a relayed subscription change failed', error),
    );
  });

  return {
    async change(request) {
      const { hub } = request;
      if (relay && hub !== undefined && hub !== relay.hub) return relay.forward(hub, request);
      // A stream or a subscribe opens a session; an unsubscribe is for one that is open.
      if (request.type === 'unsubscribe' && !sessions.get(request.session)) {
        throw new UnknownSessionError('No such session');
      }
      return apply(request);
    },
    stop: () => stop?.(),
  };
}
