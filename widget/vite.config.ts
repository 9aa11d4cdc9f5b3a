import { defineConfig, type Plugin, type UserConfig } from 'vite';

/**
 * The widget's stylesheets are strings in src/view/styles.ts, which the minifier keeps as
 * written; this squeezes their whitespace at build time (about 0.5 KB gzipped). A few regular
 * expressions suffice for that hand-written CSS: no strings or comments in it.
 */
function squeezeCss(): Plugin {
  return {
    name: 'squeeze-widget-css',
    transform(code, id) {
      if (!id.endsWith('/view/styles.ts')) return null;
      return code.replace(
        /`([^`]*)`/g,
        (_, css: string) =>
          `\`${css
            .replace(/\s+/g, ' ')
            // Not the space before a colon: "header :focus-visible" is a descendant selector.
            .replace(/\s*([{};,>])\s*/g, '$1')
            .replace(/:\s+/g, ':')
            .replace(/;}/g, '}')
            .trim()}\``,
      );
    },
  };
}

/**
 * The widget is two self-contained files that member sites load from the service: the loader
 * (widget.js, on every page: the launcher only) and the chat it loads when it is wanted
 * (widget-chat.js, socket.io-client included). An IIFE build has one entry, so there are two
 * builds: this config makes the chat (and empties dist/), vite.loader.config.ts the loader.
 */
export function iife(entry: string, fileName: string, emptyOutDir: boolean): UserConfig {
  return {
    plugins: [squeezeCss()],
    build: {
      lib: { entry, formats: ['iife'], name: 'OpinToriWidget', fileName: () => fileName },
      outDir: 'dist',
      emptyOutDir,
      target: 'es2020',
      minify: true,
    },
  };
}

export default defineConfig(iife('src/chat-widget.ts', 'widget-chat.js', true));
