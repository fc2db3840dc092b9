// `npm run qalam -- <command> …`: see cli.ts.
import { runCliAsync } from './cli';

// A closed pipe (`qalam export … --out - | head`) is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

void runCliAsync(process.argv.slice(2), {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  isTty: process.stderr.isTTY === true,
}).then((code) => {
  process.exitCode = code;
});
