import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindow, Session } from 'electron';

/**
 * The test for "this is our own page": with a dev server, a URL of exactly its origin; else a
 * file: URL of exactly `rendererFile` (query and fragment aside). Any other page — another
 * `…/renderer/index.html` on disk included — is not the app.
 */
export function makeIsAppUrl(rendererFile: string, devServerUrl?: string): (url: string) => boolean {
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : null;
  const file = resolve(rendererFile);
  return (url: string): boolean => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return false;
    }
    if (devOrigin !== null) return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === devOrigin;
    if (u.protocol !== 'file:' || (u.host !== '' && u.host !== 'localhost')) return false;
    try {
      return resolve(fileURLToPath(u)) === file;
    } catch {
      return false;
    }
  };
}

/** The Content-Security-Policy of every page Qalam shows (also set as a <meta> in index.html). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const;

/** Headers and permissions for the app's session: CSP on every response, no permission granted. */
export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** No navigation away from the app, no new windows, no webviews. */
export function hardenWindow(win: BrowserWindow, isAppUrl: (url: string) => boolean): void {
  const wc = win.webContents;
  wc.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  wc.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.on('will-attach-webview', (event) => event.preventDefault());
}
