import type { Plugin } from 'vite';

/** The name of index.html's <meta> that lists the window's code (renderer/src/windowCode.ts reads it). */
export const WINDOW_CODE_META = 'qalam-window-code';

/**
 * The window's code beyond the small entry module (renderer/src/start.tsx and the chunks it
 * imports, with their CSS) is loaded by a dynamic import, after the entry has sent the start's
 * calls (issue 15). So that it does not wait for the entry to run either, index.html lists those
 * files in a <meta name="qalam-window-code"> and the entry preloads them (modulepreload for the
 * scripts, stylesheets for their CSS: renderer/src/windowCode.ts) right after it has sent the
 * start's calls: they are fetched and compiled while the calls are answered, but they no longer
 * compete with the entry itself, nor go ahead of the calls (file:// in Electron, http in the tests
 * and the benchmark alike).
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
        // What index.html names already (the entry's own CSS and static imports) is not named again.
        const named = (f: string) => html.includes(`${base}${f}"`);
        const files = [...scripts, ...styles].filter((f) => !named(f)).map((f) => `${base}${f}`);
        if (files.some((f) => /\s/.test(f))) throw new Error(`renderer/startPreload.ts: a file name with a space: ${files.join(', ')}`);
        return { html, tags: [{ tag: 'meta', attrs: { name: WINDOW_CODE_META, content: files.join(' ') }, injectTo: 'head' as const }] };
      },
    },
  };
}
