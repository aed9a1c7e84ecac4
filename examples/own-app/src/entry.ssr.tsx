import { createFromReadableStream } from '@vitejs/plugin-rsc/ssr';
import { type ReactNode, use } from 'react';
import { renderToReadableStream } from 'react-dom/server.edge';
import { injectRSCPayload } from 'rsc-html-stream/server';

/** Turns the page's RSC payload into HTML, with the payload embedded for hydration. */
export async function renderHTML(rsc: ReadableStream<Uint8Array>) {
  const [forHtml, forBrowser] = rsc.tee();
  let root: Promise<ReactNode> | undefined;
  function Page() {
    root ??= createFromReadableStream<ReactNode>(forHtml); // read inside the render, once
    return use(root);
  }
  const bootstrapScriptContent = await import.meta.viteRsc.loadBootstrapScriptContent('index');
  const html = await renderToReadableStream(<Page />, { bootstrapScriptContent });
  return html.pipeThrough(injectRSCPayload(forBrowser));
}
