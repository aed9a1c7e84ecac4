/**
 * The process's one value under `name`, made by the first caller. Bundlers and dev servers may
 * load a module more than once in one process (Next's Turbopack: once per bundle; Vite: once per
 * reload); state that must be one per process lives here instead of in a module variable.
 */
export function processGlobal<T>(name: string, make: () => T): T {
  const slot = Symbol.for(`reactive-rsc.${name}`);
  const holder = globalThis as { [slot]?: T };
  if (!(slot in holder)) holder[slot] = make();
  return holder[slot] as T;
}
