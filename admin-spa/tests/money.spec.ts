import { describe, expect, it } from 'vitest'
import { bpToPercent, checkPercent, checkYuan, fenToYuan, formatRate, formatZhe, parseScaled, percentToBp, yuanToFen } from '@/utils/money'

describe('yuanToFen', () => {
  it('parses the decimal string exactly (no float drift)', () => {
    expect(yuanToFen('19.99')).toBe(1999)
    expect(yuanToFen('0.29')).toBe(29) // 0.29 * 100 = 28.999999999999996 in floating point
    expect(yuanToFen('1.1')).toBe(110)
    expect(yuanToFen('4.35')).toBe(435) // 4.35 * 100 = 434.99999999999994
    expect(yuanToFen('1288')).toBe(128800)
    expect(yuanToFen('.5')).toBe(50)
    expect(yuanToFen('3.')).toBe(300)
    expect(yuanToFen('0')).toBe(0)
  })
  it('accepts thousands separators, a ¥ sign, spaces and trailing zero digits', () => {
    expect(yuanToFen(' ¥1,234.50 ')).toBe(123450)
    expect(yuanToFen('1.500')).toBe(150)
    expect(yuanToFen(598)).toBe(59800)
  })
  it('refuses what is not an amount of at most two decimals', () => {
    expect(yuanToFen('')).toBeNull()
    expect(yuanToFen(null)).toBeNull()
    expect(yuanToFen(undefined)).toBeNull()
    expect(yuanToFen('1.234')).toBeNull()
    expect(yuanToFen('abc')).toBeNull()
    expect(yuanToFen('1e3')).toBeNull()
    expect(yuanToFen('.')).toBeNull()
    expect(yuanToFen('1.2.3')).toBeNull()
  })
  it('keeps the sign', () => {
    expect(yuanToFen('-0.01')).toBe(-1)
  })
  it('refuses numbers too large to be exact', () => {
    expect(parseScaled('99999999999999999', 2)).toBeNull()
  })
})

describe('fenToYuan', () => {
  it('always shows two decimals', () => {
    expect(fenToYuan(1999)).toBe('19.99')
    expect(fenToYuan(5)).toBe('0.05')
    expect(fenToYuan(100)).toBe('1.00')
    expect(fenToYuan(0)).toBe('0.00')
    expect(fenToYuan(-150)).toBe('-1.50')
    expect(fenToYuan(null)).toBe('')
  })
  it('round-trips every cent', () => {
    for (let fen = 0; fen < 2000; fen += 7) expect(yuanToFen(fenToYuan(fen))).toBe(fen)
  })
})

describe('percent ↔ basis points', () => {
  it('converts both ways exactly', () => {
    expect(percentToBp('95')).toBe(9500)
    expect(percentToBp('92.5')).toBe(9250)
    expect(percentToBp('88.88')).toBe(8888)
    expect(percentToBp('100%')).toBe(10000)
    expect(percentToBp('0.01')).toBe(1)
    expect(percentToBp('95.555')).toBeNull()
    expect(percentToBp('')).toBeNull()
    expect(bpToPercent(9500)).toBe('95')
    expect(bpToPercent(9250)).toBe('92.5')
    expect(bpToPercent(8888)).toBe('88.88')
    expect(bpToPercent(1)).toBe('0.01')
    expect(bpToPercent(null)).toBe('')
  })
  it('formats rates for people', () => {
    expect(formatRate(9500)).toBe('95%')
    expect(formatRate(null)).toBe('-')
    expect(formatZhe(9500)).toBe('9.5 折')
    expect(formatZhe(9000)).toBe('9 折')
    expect(formatZhe(8850)).toBe('8.85 折')
    expect(formatZhe(10000)).toBe('无折扣')
  })
})

describe('form checks', () => {
  it('checkYuan', () => {
    expect(checkYuan('', { required: true, label: '零售价' })).toBe('请输入零售价')
    expect(checkYuan('')).toBeNull()
    expect(checkYuan('1.999', { label: '零售价' })).toMatch(/格式不正确/)
    expect(checkYuan('0', { minFen: 1, label: '零售价' })).toBe('零售价不能小于 0.01 元')
    expect(checkYuan('200', { maxFen: 10000, label: '补贴' })).toBe('补贴不能大于 100.00 元')
    expect(checkYuan('19.90', { minFen: 1 })).toBeNull()
  })
  it('checkPercent', () => {
    expect(checkPercent('')).toBe('请输入折扣率')
    expect(checkPercent('101')).toMatch(/之间/)
    expect(checkPercent('0')).toMatch(/之间/)
    expect(checkPercent('9.5.1')).toMatch(/格式/)
    expect(checkPercent('95')).toBeNull()
  })
})
