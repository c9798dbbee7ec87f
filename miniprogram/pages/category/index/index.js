/** 分类: placeholder page (empty state) until its own issue lands. */
Page({
  data: {
    emptyText: '商品分类即将上线',
  },
});
