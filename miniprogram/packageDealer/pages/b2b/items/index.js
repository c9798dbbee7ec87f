/**
 * B2B订货 (flagship stores, and operators with b2b_orders): items orderable at my tier-1 price (retail struck through),
 * stock, search; 加入进货单 adds one (the server sums quantities); the bar at the bottom shows the cart and leads to it.
 */
const dealerService = require('../../../../services/dealer');
const format = require('../../../../utils/format');
const url = require('../../../../utils/url');
const wxp = require('../../../../utils/wxp');
const { LIST_DATA, listMethods } = require('../../../../utils/list-page');

const KIND_NAMES = { package: '礼盒', product: '商品' };

function viewItem(item) {
  return {
    id: item.id,
    name: item.name,
    cover: url.assetUrl(item.cover_url),
    specs: item.specs || '',
    kindName: KIND_NAMES[item.kind] || '',
    unitPrice: item.unit_price,
    retailPrice: item.retail_price,
    stockText: typeof item.stock === 'number' ? `库存 ${item.stock}` : '',
    soldOut: typeof item.stock === 'number' && item.stock <= 0,
  };
}

function cartCount(cart) {
  return ((cart && cart.lines) || []).reduce((sum, line) => sum + (line.quantity || 0), 0);
}

Page(
  Object.assign(
    {
      data: Object.assign({}, LIST_DATA, { keyword: '', cartCount: 0, cartTotal: '', addingId: 0 }),

      onLoad() {
        this.startSearch();
      },

      onShow() {
        this.loadCart();
      },

      async loadCart() {
        try {
          const cart = await dealerService.getB2bCart({ showError: false });
          this.showCart(cart);
        } catch (e) {
          // the bar stays as it was
        }
      },

      showCart(cart) {
        this.setData({ cartCount: cartCount(cart), cartTotal: format.formatPrice((cart && cart.total) || 0) });
      },

      startSearch() {
        const q = this.data.keyword;
        return this.startList((page, pageSize) => dealerService.listB2bItems({ q, page, page_size: pageSize }, { showError: false }), 20);
      },

      viewRows(rows) {
        return rows.map(viewItem);
      },

      onKeywordInput(e) {
        this.setData({ keyword: e.detail.value });
      },

      onSearch() {
        this.setData({ keyword: String(this.data.keyword || '').trim() });
        return this.startSearch();
      },

      async onAdd(e) {
        const id = Number(e.currentTarget.dataset.id);
        if (this.data.addingId) return null;
        this.setData({ addingId: id });
        try {
          const cart = await dealerService.addToB2bCart(id, 1);
          this.showCart(cart);
          wxp.toast('已加入进货单', 'success');
          return cart;
        } catch (err) {
          return null; // e.g. out of stock: toast shown by request.js
        } finally {
          this.setData({ addingId: 0 });
        }
      },

      onCartTap() {
        wx.navigateTo({ url: '/packageDealer/pages/b2b/cart/index' });
      },

      onOrdersTap() {
        wx.navigateTo({ url: '/packageDealer/pages/b2b/orders/index' });
      },

      onPullDownRefresh() {
        this.reloadList({ silent: true }).then(() => wx.stopPullDownRefresh());
      },

      onReachBottom() {
        this.loadMoreList();
      },
    },
    listMethods,
  ),
);
