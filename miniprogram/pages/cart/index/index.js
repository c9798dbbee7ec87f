/** 购物车: placeholder page (empty state) until its own issue lands. */
Page({
  data: {
    emptyText: '购物车还是空的',
  },
});
