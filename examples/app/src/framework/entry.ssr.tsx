import { createFromReadableStream } from '@vitejs/plugin-rsc/ssr';
import type { ReactNode } from 'react';
import { use } from 'react';
import { renderToReadableStream } from 'react-dom/server.edge';
import { injectRSCPayload } from 'rsc-html-stream/server';

/** Turns the page's RSC payload into HTML, and embeds the payload for hydration. */
export async function renderHTML(
  rscStream: ReadableStream<Uint8Array>,
): Promise<ReadableStream<Uint8Array>> {
  const [forHtml, forBrowser] = rscStream.tee();
  let root: Promise<ReactNode> | undefined;
  function Page() {
    root ??= createFromReadableStream<ReactNode>(forHtml);
    return use(root);
  }
  const bootstrapScriptContent = await import.meta.viteRsc.loadBootstrapScriptContent('index');
  const html = await renderToReadableStream(<Page />, { bootstrapScriptContent });
  return html.pipeThrough(injectRSCPayload(forBrowser));
}
