/** 首页: placeholder page (empty state) until its own issue lands. */
Page({
  data: {
    emptyText: '精选大闸蟹礼盒即将上架，敬请期待',
  },
});
