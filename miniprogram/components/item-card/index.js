/**
 * One sellable item (package / physical card / e-card) in a list: cover, name, subtitle, price (with the retail
 * price struck through when the caller's price is lower), sales count (when the settings show it: showSales, and the
 * server answers null while the shop hides it, so a stale flag never shows a count), sold-out mark;
 * an item taken off the shelf (`is_on_sale === false`, only 我的收藏 lists those) is greyed out and marked 已下架
 * instead (the list decides what a tap does: pass navigate false).
 * Tapping opens the detail page (unless navigate is false) and fires `select` {id, item}; a long press fires
 * `hold` {id, item} (the favorites list uses it to unfavorite; not named `longpress`, which is also the native touch
 * event bubbling out of the component).
 */
const url = require('../../utils/url');

const DETAIL_PAGE = '/pages/catalog/detail/index';
const KIND_TAGS = { physical_card: '实体卡', ecard: '电子卡' };

Component({
  options: { addGlobalClass: true },

  properties: {
    item: { type: Object, value: null },
    layout: { type: String, value: 'grid' }, // grid (two columns) | row (picture left, text right)
    showSales: { type: Boolean, value: false },
    navigate: { type: Boolean, value: true },
  },

  data: {
    coverSrc: '',
    kindTag: '',
  },

  observers: {
    item(item) {
      this.setData({
        coverSrc: item ? url.assetUrl(item.cover_url) : '',
        kindTag: (item && KIND_TAGS[item.kind]) || '',
      });
    },
  },

  methods: {
    onTap() {
      const item = this.data.item;
      if (!item) return;
      this.triggerEvent('select', { id: item.id, item });
      if (this.data.navigate) wx.navigateTo({ url: `${DETAIL_PAGE}?id=${item.id}` });
    },

    onLongPress() {
      const item = this.data.item;
      if (item) this.triggerEvent('hold', { id: item.id, item });
    },
  },
});
