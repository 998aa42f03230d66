import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [tailwindcss(), sveltekit()],
  server: { port: Number(process.env.PORT ?? 5173), strictPort: true },
  // bundled when the server starts, not discovered on a first page view (which reloads the page)
  optimizeDeps: { include: ['@supabase/ssr', '@supabase/supabase-js'] },
});
