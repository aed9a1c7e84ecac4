// The hub at /_reactive (a folder named `_reactive` would be private to Next: `%5F` is its `_`).
// GET opens a tab's stream, POST subscribes, watches views and writes client signals.
import { hub } from '../../lib/hub.ts';
// The live views, registered in this bundle too: a tab can watch a view before any page renders
// in this process (say, after a restart).
import '../../lib/shared.ts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export { hub as GET, hub as POST };
