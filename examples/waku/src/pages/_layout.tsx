import type { ReactNode } from 'react';
import { ConnectionStatus } from '../shared.ts';
import '../../../app/src/style.css';

export default function Layout({ children }: { children: ReactNode }) {
  return (
    <>
      <title>reactive-rsc on Waku</title>
      <header>
        <h1>reactive-rsc on Waku</h1>
        <p>Server components that re-render live. Open this page in two windows.</p>
        <ConnectionStatus />
      </header>
      <main>{children}</main>
    </>
  );
}

export const getConfig = async () => ({ render: 'dynamic' }) as const;
