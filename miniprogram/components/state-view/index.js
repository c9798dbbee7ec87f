/** Loading / empty / error placeholder shared by the pages; `retry` fires when the action button is tapped. */
const DEFAULT_TEXT = {
  loading: '加载中…',
  empty: '暂无内容',
  error: '加载失败，请稍后重试',
};

Component({
  properties: {
    status: { type: String, value: '' }, // '' hides it; loading | empty | error
    text: { type: String, value: '' },
    actionText: { type: String, value: '' },
  },

  data: {
    shownText: '',
  },

  observers: {
    'status, text': function update(status, text) {
      this.setData({ shownText: text || DEFAULT_TEXT[status] || '' });
    },
  },

  methods: {
    onAction() {
      this.triggerEvent('action');
    },
  },
});
