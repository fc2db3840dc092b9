import type { Plugin } from 'vite';

/**
 * The window's code beyond the small entry module (renderer/src/start.tsx and the chunks it
 * imports, with their CSS) is loaded by a dynamic import, after the entry has sent the start's
 * calls (issue 15). So that it does not wait for the entry to run, index.html names those chunks
 * as <link rel="modulepreload"> and their CSS as stylesheets: the browser fetches and compiles
 * them while the entry runs (file:// in Electron, http in the tests and the benchmark alike).
 */
export function startPreload(startModule = 'src/start.tsx'): Plugin {
  let base = './';
  return {
    name: 'qalam-start-preload',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        const start = Object.values(bundle).find((c) => c.type === 'chunk' && c.isDynamicEntry && c.facadeModuleId?.replaceAll('\\', '/').endsWith(startModule));
        if (!start || start.type !== 'chunk') throw new Error(`renderer/startPreload.ts: no dynamic chunk for ${startModule} in the build`);
        const scripts: string[] = [];
        const styles: string[] = [];
        const seen = new Set<string>();
        const visit = (fileName: string) => {
          if (seen.has(fileName)) return;
          seen.add(fileName);
          const chunk = bundle[fileName];
          if (!chunk || chunk.type !== 'chunk') return;
          if (!chunk.isEntry) scripts.push(fileName);
          for (const css of chunk.viteMetadata?.importedCss ?? []) if (!styles.includes(css)) styles.push(css);
          for (const dep of chunk.imports) visit(dep);
        };
        visit(start.fileName);
        // What index.html names already (the entry's own CSS) is not named twice.
        const named = (f: string) => html.includes(`${base}${f}"`);
        return {
          html,
          tags: [
            ...scripts.filter((f) => !named(f)).map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${f}` }, injectTo: 'head' as const })),
            ...styles.filter((f) => !named(f)).map((f) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `${base}${f}` }, injectTo: 'head' as const })),
          ],
        };
      },
    },
  };
}
