// The fallback tinypool thread entry, used only when bundling the thread code fails (lib/worker/bundle.ts). Node 20 cannot load .ts in worker threads through tsx's loader flag, so
// this small .mjs imports the TypeScript task with tsx's API and hands tinypool its default export.
import { tsImport } from 'tsx/esm/api';

const task = await tsImport('./run-batch.ts', import.meta.url);

export default task.default;
