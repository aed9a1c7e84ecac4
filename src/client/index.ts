/**
 * `reactive-rsc/client`: one connection per tab shared by every hook. It lands with the hub;
 * until then this entry exports the shared error types only.
 */
export { fromWire, ReactiveError, type WireError } from '../errors.ts';
