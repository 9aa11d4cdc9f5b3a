import { defineConfig, type UserConfig } from 'vite';

/**
 * The widget is two self-contained files that member sites load from the service: the loader
 * (widget.js, on every page: the launcher only) and the chat it loads when it is wanted
 * (widget-chat.js, socket.io-client included). An IIFE build has one entry, so there are two
 * builds: this config makes the chat (and empties dist/), vite.loader.config.ts the loader.
 */
export function iife(entry: string, fileName: string, emptyOutDir: boolean): UserConfig {
  return {
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
