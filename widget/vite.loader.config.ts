import { defineConfig } from 'vite';
import { iife } from './vite.config.ts';

// The loader, built after the chat into the same dist/ (see vite.config.ts).
export default defineConfig(iife('src/loader.ts', 'widget.js', false));
