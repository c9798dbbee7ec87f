// Approve / reject a dealer application (an Idempotency-Key POST): confirm, or ask the reason; one key per decision,
// the same key when the same decision is retried after a failure.
import { ref } from 'vue'
import { ElMessage, ElMessageBox } from 'element-plus'
import { decideApplication } from '@/api/dealers'
import { isHttpError } from '@/api/http'
import type { DealerApplication } from '@/api/models'
import { createIdempotencyKeeper } from '@/utils/idempotency'
import { formatRate } from '@/utils/money'
import { checkReason } from '../dealerForm'
import { tierLabel } from '../labels'

export function useApplicationDecision() {
  const keeper = createIdempotencyKeeper()
  const deciding = ref(false)

  async function decide(app: DealerApplication, approve: boolean): Promise<DealerApplication | null> {
    let reason = ''
    try {
      if (approve) {
        await ElMessageBox.confirm(
          `通过「${app.name}」的申请？将创建${tierLabel(app.tier)}（折扣率 ${formatRate(app.discount_rate_bp)}，上级「${app.parent_name ?? '-'}」），负责人手机号 ${app.phone}。`,
          '通过申请',
          { type: 'success', confirmButtonText: '通过', cancelButtonText: '取消' },
        )
      } else {
        const answer = await ElMessageBox.prompt('拒绝原因会告知申请人。', `拒绝「${app.name}」的申请`, {
          confirmButtonText: '拒绝',
          cancelButtonText: '取消',
          inputPlaceholder: '拒绝原因（必填）',
          inputValidator: (v) => checkReason(v, '拒绝原因', 200) ?? true,
          type: 'warning',
        })
        reason = answer.value.trim()
      }
    } catch {
      return null
    }
    const body = { approve, reason }
    const key = keeper.keyFor({ id: app.id, body })
    deciding.value = true
    try {
      const saved = await decideApplication(app.id, body, key)
      keeper.reset()
      ElMessage.success(approve ? '已通过，渠道商已创建' : '已拒绝')
      return saved
    } catch (e) {
      if (isHttpError(e) && e.status >= 400 && e.status < 500) keeper.reset()
      return null
    } finally {
      deciding.value = false
    }
  }

  return { decide, deciding }
}
