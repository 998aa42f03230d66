import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [tailwindcss(), sveltekit()],
  server: {
    port: Number(process.env.PORT ?? 5173),
    strictPort: true,
    // compiled while the server starts, so the first visit to a page doesn't wait for it
    warmup: {
      clientFiles: ['./src/routes/**/*.svelte', './src/lib/**/*.svelte'],
      ssrFiles: ['./src/routes/**/*.ts', './src/routes/**/*.svelte'],
    },
  },
  // bundled when the server starts, not discovered on a first page view (which reloads the page)
  optimizeDeps: { include: ['@supabase/ssr', '@supabase/supabase-js'] },
});
