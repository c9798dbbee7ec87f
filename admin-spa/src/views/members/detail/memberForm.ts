// The member base-info form and the PUT body built from it (only what changed). Pure: unit-tested.
import type { MemberDetail, MemberUpdateBody } from '@/api/models'

/** The level select's "无等级" choice (level ids start at 1); sent as `member_level_id: null` (retail price). */
export const NO_LEVEL = 0

export interface MemberFormState {
  nickname: string
  real_name: string
  gender: number
  /** A level id, or NO_LEVEL. */
  member_level_id: number
}

export function memberFormFrom(member: Pick<MemberDetail, 'nickname' | 'real_name' | 'gender' | 'member_level_id'>): MemberFormState {
  return {
    nickname: member.nickname ?? '',
    real_name: member.real_name ?? '',
    gender: member.gender ?? 0,
    member_level_id: member.member_level_id ?? NO_LEVEL,
  }
}

/** The fields that differ from the member as loaded (the API changes only the fields sent; NO_LEVEL clears the level). */
export function memberUpdateBody(before: MemberFormState, form: MemberFormState): MemberUpdateBody {
  const body: MemberUpdateBody = {}
  if (form.nickname.trim() !== before.nickname) body.nickname = form.nickname.trim()
  if (form.real_name.trim() !== before.real_name) body.real_name = form.real_name.trim()
  if (form.gender !== before.gender) body.gender = form.gender as 0 | 1 | 2
  if (form.member_level_id !== before.member_level_id) body.member_level_id = form.member_level_id === NO_LEVEL ? null : form.member_level_id
  return body
}

/** Months of the invites chart: the API's `YYYY-MM` counts as category / value arrays. */
export function monthSeries(rows: readonly { month: string; count: number }[]): { months: string[]; counts: number[] } {
  const sorted = [...rows].sort((a, b) => a.month.localeCompare(b.month))
  return { months: sorted.map((r) => r.month), counts: sorted.map((r) => r.count) }
}
