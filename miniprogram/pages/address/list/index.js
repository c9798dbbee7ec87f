/**
 * Address list: default first; add, edit, set default, delete (with confirmation).
 * Deleting the default leaves none: the page then asks the user to choose one (the server picks none silently).
 * Opened with `?select=1` (from checkout, later) a tap hands the address back through the event channel.
 */
const addressService = require('../../../services/address');
const format = require('../../../utils/format');
const wxp = require('../../../utils/wxp');

const MAX_ADDRESSES = 20;

function viewItem(address) {
  return Object.assign({}, address, {
    fullAddress: format.formatAddress(address),
    phoneText: format.maskPhone(address.receiver_phone),
  });
}

Page({
  data: {
    status: 'loading', // loading | error | empty | ready
    errorMessage: '',
    items: [],
    hasDefault: true,
    busyId: 0,
    selectMode: false,
    maxAddresses: MAX_ADDRESSES,
  },

  onLoad(query) {
    this.setData({ selectMode: Boolean(query && query.select === '1') });
  },

  onShow() {
    // also runs when coming back from the edit page
    this.load();
  },

  onPullDownRefresh() {
    this.load({ silent: true }).then(() => wx.stopPullDownRefresh());
  },

  async load(options) {
    const silent = options && options.silent;
    if (!silent && !this.data.items.length) this.setData({ status: 'loading' });
    try {
      const items = (await addressService.listAddresses({ showError: false })).map(viewItem);
      this.setData({
        items,
        status: items.length ? 'ready' : 'empty',
        hasDefault: items.some((item) => item.is_default),
      });
    } catch (err) {
      const message = (err && err.message) || '加载失败';
      if (this.data.items.length) wxp.toast(message);
      else this.setData({ status: 'error', errorMessage: message });
    }
  },

  onAdd() {
    if (this.data.items.length >= MAX_ADDRESSES) {
      wxp.toast(`最多保存${MAX_ADDRESSES}个收货地址`);
      return;
    }
    wx.navigateTo({ url: '/pages/address/edit/index' });
  },

  onEdit(e) {
    wx.navigateTo({ url: `/pages/address/edit/index?id=${e.currentTarget.dataset.id}` });
  },

  onSelect(e) {
    if (!this.data.selectMode) return;
    const address = this.data.items.find((item) => item.id === e.currentTarget.dataset.id);
    const channel = this.getOpenerEventChannel && this.getOpenerEventChannel();
    if (channel && channel.emit) channel.emit('selectAddress', address);
    wx.navigateBack({ delta: 1 });
  },

  async onSetDefault(e) {
    const id = e.currentTarget.dataset.id;
    if (this.data.busyId) return;
    this.setData({ busyId: id });
    try {
      await addressService.setDefaultAddress(id);
      wxp.toast('已设为默认地址', 'success');
      await this.load({ silent: true });
    } catch (err) {
      // toast shown by request.js
    } finally {
      this.setData({ busyId: 0 });
    }
  },

  async onDelete(e) {
    const id = e.currentTarget.dataset.id;
    if (this.data.busyId) return;
    const address = this.data.items.find((item) => item.id === id);
    const warning = address && address.is_default ? '这是默认地址，删除后需要重新选择一个默认地址。' : '';
    let confirmed = false;
    try {
      confirmed = await wxp.confirm(`${warning}确定删除该收货地址吗？`, { confirmText: '删除' });
    } catch (err) {
      confirmed = false;
    }
    if (!confirmed) return;
    this.setData({ busyId: id });
    try {
      await addressService.deleteAddress(id);
      wxp.toast('已删除', 'success');
      await this.load({ silent: true });
    } catch (err) {
      // toast shown by request.js
    } finally {
      this.setData({ busyId: 0 });
    }
  },
});
