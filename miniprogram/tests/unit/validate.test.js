const validate = require('../../utils/validate');

describe('phone', () => {
  test.each(['13812345678', '19900000000', ' 15012345678 '])('%p is valid', (phone) => {
    expect(validate.isPhone(phone)).toBe(true);
    expect(validate.checkPhone(phone)).toBe('');
  });

  test.each(['', '1381234567', '138123456789', '12812345678', '23812345678', 'abcdefghijk', null])('%p is invalid', (phone) => {
    expect(validate.isPhone(phone)).toBe(false);
    expect(validate.checkPhone(phone)).not.toBe('');
  });
});

describe('password: 8-32 chars with letters and digits', () => {
  test.each(['abcd1234', 'A1bcdefg', 'crab2026!@#', `a1${'x'.repeat(30)}`])('%p is valid', (password) => {
    expect(validate.checkPassword(password)).toBe('');
    expect(validate.isValidPassword(password)).toBe(true);
  });

  test.each([
    ['', '请输入密码'],
    ['abc123', '密码长度需为8-32位'],
    [`a1${'x'.repeat(31)}`, '密码长度需为8-32位'],
    ['abcdefgh', '密码需同时包含字母和数字'],
    ['12345678', '密码需同时包含字母和数字'],
    ['abcd 1234', '密码不能包含空格'],
  ])('%p → %p', (password, message) => {
    expect(validate.checkPassword(password)).toBe(message);
  });
});

describe('sms code and nickname', () => {
  test('sms code is 6 digits', () => {
    expect(validate.checkSmsCode('123456')).toBe('');
    expect(validate.checkSmsCode('')).toBe('请输入验证码');
    expect(validate.checkSmsCode('12345')).toBe('验证码为6位数字');
    expect(validate.checkSmsCode('12345a')).toBe('验证码为6位数字');
  });

  test('nickname is required and at most 32 characters', () => {
    expect(validate.checkNickname('蟹老板')).toBe('');
    expect(validate.checkNickname('   ')).toBe('请输入昵称');
    expect(validate.checkNickname('蟹'.repeat(33))).toBe('昵称不能超过32个字');
  });
});

describe('address', () => {
  const good = {
    receiver_name: '张三',
    receiver_phone: '13812345678',
    province: '江苏省',
    city: '苏州市',
    district: '相城区',
    detail: '阳澄湖镇湖滨路1号',
    postcode: '',
  };

  test('a complete address has no errors', () => {
    expect(validate.checkAddress(good)).toEqual({});
    expect(validate.checkAddress(Object.assign({}, good, { postcode: '215000' }))).toEqual({});
  });

  test('each missing or wrong field is reported', () => {
    const errors = validate.checkAddress({ receiver_name: ' ', receiver_phone: '123', province: '江苏省', detail: '短', postcode: '12' });
    expect(errors).toEqual({
      receiver_name: '请输入收货人姓名',
      receiver_phone: '请输入正确的手机号或座机号',
      region: '请选择所在地区',
      detail: '详细地址至少2个字',
      postcode: '邮政编码为6位数字',
    });
    expect(validate.checkAddress(null).receiver_name).toBe('请输入收货人姓名');
    expect(validate.checkAddress(null).receiver_phone).toBe('请输入收货人电话');
  });

  test('limits follow the server: name ≤ 20, detail 2–120, landline accepted', () => {
    expect(validate.checkAddress(Object.assign({}, good, { receiver_name: '蟹'.repeat(21) })).receiver_name).toBe('收货人姓名不能超过20个字');
    expect(validate.checkAddress(Object.assign({}, good, { detail: '蟹'.repeat(121) })).detail).toBe('详细地址不能超过120个字');
    expect(validate.checkAddress(Object.assign({}, good, { detail: '1号' }))).toEqual({});
    expect(validate.checkAddress(Object.assign({}, good, { receiver_phone: '0512-65001234' }))).toEqual({});
    expect(validate.checkAddress(Object.assign({}, good, { receiver_phone: '02165001234' }))).toEqual({});
  });
});

describe('server errors', () => {
  test('firstError and flattenErrors read {field: [messages]}', () => {
    const errors = { phone: ['手机号格式不正确', '已被占用'], code: ['验证码错误'] };
    expect(validate.firstError(errors)).toBe('手机号格式不正确');
    expect(validate.flattenErrors(errors)).toEqual({ phone: '手机号格式不正确；已被占用', code: '验证码错误' });
    expect(validate.firstError({ region: '请选择所在地区' })).toBe('请选择所在地区');
    expect(validate.firstError(undefined)).toBe('');
    expect(validate.flattenErrors(undefined)).toEqual({});
  });
});
