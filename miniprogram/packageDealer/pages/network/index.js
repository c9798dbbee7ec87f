/** 我的网络 (?tier=2|3): tier-2 / tier-3 dealers of my subtree, tabs with counts, search, infinite scroll. */
const dealerService = require('../../../services/dealer');
const rules = require('../../../utils/dealer');
const format = require('../../../utils/format');
const { LIST_DATA, listMethods } = require('../../../utils/list-page');

const PAGE_SIZE = 20;

function viewDealer(d) {
  return {
    id: d.id,
    name: d.name,
    tierName: rules.tierName(d.tier),
    typeName: rules.dealerTypeName(d.dealer_type),
    rateText: rules.rateText(d.discount_rate_bp),
    parentName: d.parent_name || '',
    contact: [d.contact_name, format.maskPhone(d.phone)].filter(Boolean).join(' '),
    region: [d.province, d.city].filter(Boolean).join(' '),
    closed: d.status === 'closed',
    createdText: format.formatDay(d.created_at),
  };
}

Page(
  Object.assign(
    {
      data: Object.assign({}, LIST_DATA, {
        tier: 2,
        counts: { t2: 0, t3: 0 },
        keyword: '',
      }),

      onLoad(query) {
        const tier = Number(query && query.tier) === 3 ? 3 : 2;
        this.setData({ tier });
        this.loadCounts();
        this.startTier();
      },

      async loadCounts() {
        try {
          const me = await dealerService.getMe({ showError: false });
          const network = (me && me.network) || {};
          this.setData({ counts: { t2: network.tier2 || 0, t3: network.tier3 || 0 } });
        } catch (e) {
          // the counts are a hint; the list shows its own error
        }
      },

      startTier() {
        const { tier, keyword } = this.data;
        return this.startList(async (page, pageSize) => {
          const answer = await dealerService.listNetwork({ tier, q: keyword, page, page_size: pageSize }, { showError: false });
          if (!keyword && answer && typeof answer.total === 'number') this.setData({ [`counts.t${tier}`]: answer.total });
          return answer;
        }, PAGE_SIZE);
      },

      viewRows(rows) {
        return rows.map(viewDealer);
      },

      onTabTap(e) {
        const tier = Number(e.currentTarget.dataset.tier);
        if (tier === this.data.tier) return Promise.resolve();
        this.setData({ tier });
        return this.startTier();
      },

      onKeywordInput(e) {
        this.setData({ keyword: e.detail.value });
      },

      onSearch() {
        this.setData({ keyword: String(this.data.keyword || '').trim() });
        return this.startTier();
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
