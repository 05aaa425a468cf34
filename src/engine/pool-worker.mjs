// Worker-thread entry of src/engine/pool.ts. It is plain JavaScript so that Node can load it
// in a fresh worker whatever started the main thread (vitest, `npx tsx`, a compiled CLI):
// it registers tsx's TypeScript loader in this thread, then serves every task with
// runPoolTask from pool.ts. Registering twice (when the main thread already runs under
// tsx and the worker inherited its loader) is harmless.
import { register } from 'tsx/esm/api';

register();
const { runPoolTask } = await import('./pool.ts');

export default runPoolTask;
