import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const target = 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    port: 5173,
    proxy: {
      '/dashboard/api': { target, changeOrigin: false },
      '/api': { target, changeOrigin: false },
      '/healthz': { target, changeOrigin: false },
      '/openapi.json': { target, changeOrigin: false },
    },
  },
});
