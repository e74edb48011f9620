import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The gateway serves dist/ at `/`: hashed files under /assets (cached for a year) and
// index.html (revalidated). build.mjs compresses them and checks the size budget.
// `npm run dev -w apps/web`: the pages with hot reload, calling the API of an `npm start`.
const api = process.env.COORDINA_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    manifest: true,
    emptyOutDir: true,
    // No inline script: the page's Content-Security-Policy allows the app's own files only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: { proxy: { '/api': api, '/docs': api } },
});
