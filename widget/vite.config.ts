import { defineConfig } from 'vite';

// One self-contained file that member sites load with a script tag.
export default defineConfig({
  build: {
    lib: { entry: 'src/widget.ts', formats: ['iife'], name: 'OpinToriWidget', fileName: () => 'widget.js' },
    outDir: 'dist',
    target: 'es2020',
    minify: true,
  },
});
