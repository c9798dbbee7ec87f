/**
 * A price in yuan from integer fen: ¥ + whole yuan + two decimals; the retail price struck through beside it when the
 * caller's price (member level / dealer) is lower. size: small | medium | large.
 */
const format = require('../../utils/format');

function split(fen) {
  const yuan = format.fenToYuan(fen);
  if (!yuan) return { whole: '', decimals: '' };
  const dot = yuan.indexOf('.');
  return { whole: yuan.slice(0, dot), decimals: yuan.slice(dot) };
}

Component({
  options: { addGlobalClass: true },

  properties: {
    price: { type: null, value: null }, // fen
    retail: { type: null, value: null }, // fen; shown struck through when above price
    size: { type: String, value: 'medium' },
    label: { type: String, value: '' }, // e.g. 会员价, shown before the price when the price is below retail
  },

  data: {
    whole: '',
    decimals: '',
    retailText: '',
    discounted: false,
  },

  observers: {
    'price, retail': function update(price, retail) {
      const parts = split(price);
      const discounted = parts.whole !== '' && format.fenToYuan(retail) !== '' && Number(retail) > Number(price);
      this.setData({
        whole: parts.whole,
        decimals: parts.decimals,
        discounted,
        retailText: discounted ? format.formatPrice(retail) : '',
      });
    },
  },
});
