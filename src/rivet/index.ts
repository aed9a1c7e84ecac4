export { createReactiveBackend } from '../core/reactive-backend.ts';
