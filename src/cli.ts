#!/usr/bin/env node
// The CLI's entry: everything happens in runCli, shared with the tests.
import { processIo, runCli } from './cli/cli-main.js';

runCli(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
