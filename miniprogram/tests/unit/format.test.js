const format = require('../../utils/format');

describe('fenToYuan', () => {
  test.each([
    [0, '0.00'],
    [1, '0.01'],
    [10, '0.10'],
    [99, '0.99'],
    [100, '1.00'],
    [1230, '12.30'],
    [1999, '19.99'],
    [123456789, '1234567.89'],
    [-5, '-0.05'],
    [-1230, '-12.30'],
    ['1230', '12.30'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('%p fen → %p', (fen, yuan) => {
    expect(format.fenToYuan(fen)).toBe(yuan);
  });

  test('no float drift where a naive fen / 100 would drift', () => {
    // 0.1 + 0.2 style trouble: sums of fen stay integers and format exactly
    const total = [10, 20, 1999, 1].reduce((a, b) => a + b, 0);
    expect(format.fenToYuan(total)).toBe('20.30');
    for (let fen = 0; fen < 3000; fen += 1) {
      const [yuan, cents] = format.fenToYuan(fen).split('.');
      expect(Number(yuan) * 100 + Number(cents)).toBe(fen);
    }
  });

  test.each([[12.5], ['12.30'], [NaN], [null], [undefined], [''], ['abc'], [Infinity]])('%p is not an amount → empty', (value) => {
    expect(format.fenToYuan(value)).toBe('');
  });

  test('formatPrice adds the currency sign', () => {
    expect(format.formatPrice(1230)).toBe('¥12.30');
    expect(format.formatPrice(null)).toBe('');
  });
});

describe('formatDate (Asia/Shanghai)', () => {
  test('converts UTC to UTC+8, crossing midnight and year end', () => {
    expect(format.formatDate('2026-11-23T12:00:00Z')).toBe('2026-11-23 20:00');
    expect(format.formatDate('2026-11-23T16:05:09Z', 'YYYY-MM-DD HH:mm:ss')).toBe('2026-11-24 00:05:09');
    expect(format.formatDate('2026-12-31T16:00:00Z', 'YYYY年MM月DD日')).toBe('2027年01月01日');
  });

  test('accepts offsets, Date objects and epoch milliseconds', () => {
    expect(format.formatDate('2026-11-23T20:00:00+08:00')).toBe('2026-11-23 20:00');
    expect(format.formatDate(new Date(Date.UTC(2026, 0, 2, 3, 4)))).toBe('2026-01-02 11:04');
    expect(format.formatDate(0, 'YYYY-MM-DD HH:mm')).toBe('1970-01-01 08:00');
  });

  test('does not depend on the device time zone', () => {
    const original = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(format.formatDate('2026-07-01T00:30:00Z')).toBe('2026-07-01 08:30');
    } finally {
      process.env.TZ = original;
    }
  });

  test('empty or invalid input gives an empty string', () => {
    expect(format.formatDate('')).toBe('');
    expect(format.formatDate(null)).toBe('');
    expect(format.formatDate('not a date')).toBe('');
  });

  test('formatDay', () => {
    expect(format.formatDay('2026-11-23T18:00:00Z')).toBe('2026-11-24');
  });
});

describe('other helpers', () => {
  test('maskPhone', () => {
    expect(format.maskPhone('13812345678')).toBe('138****5678');
    expect(format.maskPhone('')).toBe('');
    expect(format.maskPhone('123')).toBe('123');
  });

  test('formatAddress', () => {
    expect(format.formatAddress({ province: '江苏省', city: '苏州市', district: '相城区', detail: '阳澄湖镇1号' })).toBe('江苏省 苏州市 相城区 阳澄湖镇1号');
  });

  test('genderLabel', () => {
    expect(format.genderLabel(0)).toBe('未知');
    expect(format.genderLabel(1)).toBe('男');
    expect(format.genderLabel(2)).toBe('女');
    expect(format.genderLabel(9)).toBe('未知');
  });
});
