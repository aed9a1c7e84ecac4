import { createFromReadableStream } from '@vitejs/plugin-rsc/ssr';
import type { ReactNode } from 'react';
import { use } from 'react';
import type { ReactFormState } from 'react-dom/client';
import { renderToReadableStream } from 'react-dom/server.edge';
import { injectRSCPayload } from 'rsc-html-stream/server';
import type { RscPayload } from './entry.rsc.tsx';

/**
 * Turns the page's RSC payload into HTML, and embeds the payload for hydration. `formState` is
 * what a form posted without JavaScript left for its `useActionState`.
 */
export async function renderHTML(
  rscStream: ReadableStream<Uint8Array>,
  options: { formState?: ReactFormState } = {},
): Promise<ReadableStream<Uint8Array>> {
  const [forHtml, forBrowser] = rscStream.tee();
  let payload: Promise<RscPayload> | undefined;
  function Page(): ReactNode {
    payload ??= createFromReadableStream<RscPayload>(forHtml);
    return use(payload).root;
  }
  const bootstrapScriptContent = await import.meta.viteRsc.loadBootstrapScriptContent('index');
  const html = await renderToReadableStream(<Page />, {
    bootstrapScriptContent,
    formState: options.formState,
  });
  return html.pipeThrough(injectRSCPayload(forBrowser));
}
