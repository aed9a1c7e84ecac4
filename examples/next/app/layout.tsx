import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ConnectionStatus } from '../lib/shared.ts';
import { LiveSetup } from './live-setup.tsx';
import '../../app/src/style.css';

export const metadata: Metadata = { title: 'reactive-rsc on Next.js' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <LiveSetup />
        <header>
          <h1>reactive-rsc on Next.js</h1>
          <p>Server components that re-render live. Open this page in two windows.</p>
          <ConnectionStatus />
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
