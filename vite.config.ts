import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';

// The app shell is precached by the service worker in src/sw.ts (injectManifest).
// registerType 'prompt': a new version waits until the worker accepts the update prompt,
// so an open form or a queued change is never cut off by a silent reload.
export default defineConfig({
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        id: '/',
        name: '走访通 · 退役军人走访服务',
        short_name: '走访通',
        description: '社区工作者离线记录走访、慰问、困难帮扶与志愿服务',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#ffffff',
        theme_color: '#b71c1c',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      // Manifest icons are precached by the plugin itself (includeManifestIcons); listing png in globPatterns
      // too would precache them twice. The apple-touch-icon is not in the manifest, so it is named here.
      includeAssets: ['icons/apple-touch-icon.png'],
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,woff2}'],
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    target: 'es2022',
    // No source maps in dist/: the server publishes dist/, and maps would hand out the whole source (issue 10).
    sourcemap: false,
    // dist/.vite/manifest.json: which source each chunk holds (for reading a build; `npm run bench` sizes the
    // first screen by what the browser fetches, not by this).
    manifest: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // The small modules both the first screen and the lazy screens use would each be a chunk of their own
          // (each one more request and gzip stream before the login screen is idle): one 'shell' chunk instead.
          groups: [
            {
              name: 'shell',
              test: /node_modules[\\/](preact|zustand)[\\/]|src[\\/](stores[\\/]session|db[\\/]local-writes|ui[\\/]pwa[\\/]before-update)/,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
