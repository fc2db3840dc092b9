// `npm start` runs this before `electron-vite preview` (which builds once, then opens the window).
import { electronPackageDir, ensureElectron } from './electron-binary';

process.exitCode = ensureElectron(electronPackageDir(), (line) => process.stderr.write(`${line}\n`));
