import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import './styles/index.css'
import App from './App.vue'
import router from './router'
import { httpHooks } from './api/http'
import { useAuthStore } from './stores/auth'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(router)
app.use(ElementPlus, { locale: zhCn })

httpHooks.onAuthFailure = () => {
  useAuthStore(pinia).clearSession()
  const current = router.currentRoute.value
  if (current.name !== 'Login') router.replace({ name: 'Login', query: { redirect: current.fullPath } })
}
httpHooks.onPasswordChangeRequired = () => {
  const auth = useAuthStore(pinia)
  auth.passwordChangeRequired = true
  if (router.currentRoute.value.name !== 'ChangePassword') router.replace({ name: 'ChangePassword' })
}

app.mount('#app')
