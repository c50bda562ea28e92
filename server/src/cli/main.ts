import { nodeIO, runCli } from './run';

process.exitCode = runCli(process.argv.slice(2), nodeIO);
