import { createApp } from 'vue';
// Element Plus comes on demand (unplugin-vue-components): only the services called from scripts
// need their styles here.
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import 'element-plus/es/components/notification/style/css';
import 'element-plus/theme-chalk/dark/css-vars.css';
import './layout/theme.css';
import { followSystemColorScheme } from './layout/color-scheme';
import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';

followSystemColorScheme();
const app = createApp(App).use(i18n).use(router);
// Mount once the first route is known, so a printable page never flashes the shell.
void router.isReady().then(() => app.mount('#app'));
