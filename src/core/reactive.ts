/**
 * The in-memory reactive core. It is @preact/signals-core: small, fast, glitch-free, and its
 * `watched`/`unwatched` hooks are exactly where a persisted signal opens and closes its network
 * subscription. We re-export it rather than wrap it, so its documentation applies as written.
 */
export {
  batch,
  computed,
  effect,
  type ReadonlySignal,
  type Signal,
  signal,
  untracked,
} from '@preact/signals-core';
