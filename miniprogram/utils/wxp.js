/** Promise wrappers around callback-style wx APIs (kept explicit so tests can mock plain callbacks). */
function call(name, options) {
  return new Promise((resolve, reject) => {
    wx[name](Object.assign({}, options, { success: resolve, fail: reject }));
  });
}

function confirm(content, options) {
  return call('showModal', Object.assign({ title: '提示', content, confirmColor: '#c0392b' }, options)).then((res) => Boolean(res && res.confirm));
}

function toast(title, icon) {
  wx.showToast({ title, icon: icon || 'none', duration: 2000 });
}

module.exports = { call, confirm, toast };
