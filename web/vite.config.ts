import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// In development the API runs separately (npm run dev starts both); Vite forwards API calls.
const apiTarget = process.env.INTERNAL_API_URL ?? 'http://127.0.0.1:3001';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    port: 5173,
    proxy: {
      '/api': apiTarget,
      '/healthz': apiTarget,
      '/readyz': apiTarget,
      '/widget.js': apiTarget,
      '/widget-chat.js': apiTarget,
      '/socket.io': { target: apiTarget, ws: true },
    },
  },
});
