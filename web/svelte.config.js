import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter({ out: 'build', precompress: true }),
    alias: {
      // Types only: the API's zod schemas are the single definition of its shapes.
      $server: '../server/src',
    },
    csp: {
      // Hashes rather than nonces: the HTML stays the same between requests, so ETags work.
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        // SvelteKit's route announcer (read out to screen readers on client-side navigation)
        // positions itself with an inline style; scripts stay nonce-only.
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
    version: { pollInterval: 0 },
  },
};

export default config;
