// What the benchmark bundles: the engine's entry points as the server and the CLI call them.
export { analyze } from '../server/src/engine/analyze';
export { detectLanguage } from '../server/src/engine/language';
