import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** `npx vite --config apps/dashboard/vite.config.ts` against a platform on this port. */
const devApi = `http://localhost:${process.env.PORT ?? '8080'}`;

// The dashboard: served by the alert service from `apps/dashboard/dist` (same origin as the API).
export default defineConfig({
  root,
  base: '/',
  plugins: [
    vue(),
    // Element Plus on demand: each <el-*> used in a template is imported with its own CSS, in the
    // chunk of the screen that uses it. Our own components are imported explicitly (dirs: []).
    Components({ dirs: [], dts: false, resolvers: [ElementPlusResolver({ importStyle: 'css' })] }),
  ],
  define: {
    // vue-i18n: Composition API only, no devtools hooks in production.
    __VUE_I18N_LEGACY_API__: false,
    __VUE_I18N_FULL_INSTALL__: true,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  server: {
    proxy: {
      '/api': devApi,
      '/socket.io': { target: devApi, ws: true },
    },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
  },
});
