/**
 * An item's reviews for its detail page: <review-list item-id="{{item.id}}" page-size="5" />.
 * Masked names (as the server answers them), stars, text, pictures (tap to preview), the merchant's reply and
 * 查看更多评价 (the next page). Loading, empty and error (with retry) states; a new item-id starts over.
 */
const reviewService = require('../../services/review');
const format = require('../../utils/format');
const { createPager } = require('../../utils/pager');
const url = require('../../utils/url');

const STARS = [1, 2, 3, 4, 5];

function viewReview(r) {
  const images = (r.images || []).map(url.assetUrl).filter(Boolean);
  return {
    id: r.id,
    userName: r.user_name || '匿名用户',
    avatar: url.avatarUrl(r.user_avatar_url),
    rating: Number(r.rating) || 0,
    content: r.content || '',
    images,
    reply: r.reply || '',
    dateText: format.formatDay(r.created_at),
  };
}

Component({
  properties: {
    itemId: { type: null, value: '' },
    pageSize: { type: Number, value: 5 },
    title: { type: String, value: '商品评价' },
  },

  data: {
    reviews: [],
    total: 0,
    status: '', // '' | loading | empty | error
    errorMessage: '',
    hasMore: false,
    loadingMore: false,
    moreError: '',
    stars: STARS,
  },

  observers: {
    itemId(itemId) {
      this.start(itemId);
    },
  },

  lifetimes: {
    attached() {
      this.start(this.data.itemId);
    },
  },

  methods: {
    start(itemId) {
      if (!itemId || String(itemId) === this.loadedFor) return;
      this.loadedFor = String(itemId);
      const id = itemId;
      this.pager = createPager((page, pageSize) => reviewService.listItemReviews(id, { page, page_size: pageSize }, { showError: false }), {
        pageSize: this.data.pageSize || 5,
      });
      this.reload();
    },

    async reload() {
      const pager = this.pager;
      if (!pager) return;
      this.setData({ status: 'loading', errorMessage: '', reviews: [], hasMore: false, moreError: '' });
      try {
        const state = await pager.reload();
        if (!state || pager !== this.pager) return;
        this.setData({
          reviews: state.items.map(viewReview),
          total: state.total,
          hasMore: state.hasMore,
          status: state.items.length ? '' : 'empty',
        });
      } catch (err) {
        if (pager === this.pager) this.setData({ status: 'error', errorMessage: (err && err.message) || '评价加载失败' });
      }
    },

    async onLoadMore() {
      const pager = this.pager;
      if (!pager || !this.data.hasMore || this.data.loadingMore) return;
      this.setData({ loadingMore: true, moreError: '' });
      try {
        const state = await pager.loadMore();
        if (state && pager === this.pager) this.setData({ reviews: state.items.map(viewReview), hasMore: state.hasMore, total: state.total });
      } catch (err) {
        if (pager === this.pager) this.setData({ moreError: (err && err.message) || '加载失败' });
      } finally {
        this.setData({ loadingMore: false });
      }
    },

    onRetry() {
      this.reload();
    },

    onPreview(e) {
      const { index, src } = e.currentTarget.dataset;
      const review = this.data.reviews[Number(index)];
      if (review) wx.previewImage({ urls: review.images, current: src });
    },
  },
});
