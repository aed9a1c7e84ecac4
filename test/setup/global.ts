// Started once per run and shared by every file of the project: one Chromium (each file
// connects and opens its own contexts), one build of the example app (each file serves it from
// its own processes; nothing writes into the build) and one PostgreSQL server (each file makes
// its own database). Starting them per file cost a Chromium, a `vite build` and an `initdb` in
// every file that used them, on two cores.
import type { TestProject } from 'vitest/node';
import { launchBrowserServer } from '../fixtures/browser.ts';
import { startBuild } from '../fixtures/example-app.ts';
import { postgresBin, startPostgresServer } from '../fixtures/postgres.ts';
import { markWhenSettled } from '../fixtures/settled.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's Chromium, for `chromium.connect`. */
    browserEndpoint: string;
    /** A copy of examples/app, built or being built (`settled` says when). */
    exampleBuild: string;
    /** The run's PostgreSQL server, maybe still starting (`settled` in `dir` says when). */
    postgres: { port: number; dir: string } | undefined;
  }
}

export default async function setup(project: TestProject) {
  // The build and PostgreSQL go on while the first files run; the files that use them wait.
  const [browser, app, postgres] = await Promise.all([
    launchBrowserServer(),
    startBuild(),
    postgresBin ? startPostgresServer() : undefined,
  ]);
  // Failures are reported, with their output, by the files that wait for them (`settled`).
  const built = markWhenSettled(app.dir, app.done).catch(() => {});
  const started = postgres && markWhenSettled(postgres.dir, postgres.ready).catch(() => {});
  project.provide('browserEndpoint', browser.wsEndpoint());
  project.provide('exampleBuild', app.dir);
  project.provide('postgres', postgres && { port: postgres.port, dir: postgres.dir });
  return async () => {
    await Promise.all([built, started]);
    await Promise.all([browser.close(), app.remove(), postgres?.stop()]);
  };
}
