// Runs once when a Next server starts (not during `next build`), before it serves a request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startRunner } = await import('./lib/runner.ts');
  await startRunner();
}
