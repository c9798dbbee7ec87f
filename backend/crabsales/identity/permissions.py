"""Permission codes for admin roles, grouped as the console menu shows them. The API checks them; the SPA only hides."""

PERMISSION_GROUPS = [
    {
        "code": "admins",
        "name": "管理员与权限",
        "permissions": [
            {"code": "admins.view", "name": "查看管理员"},
            {"code": "admins.manage", "name": "管理管理员账号"},
            {"code": "roles.manage", "name": "管理角色与权限"},
        ],
    },
    {
        "code": "audit",
        "name": "操作日志",
        "permissions": [{"code": "audit.view", "name": "查看与导出操作日志"}],
    },
    {
        "code": "catalog",
        "name": "商品管理",
        "permissions": [
            {"code": "catalog.view", "name": "查看商品、套餐、提货卡"},
            {"code": "catalog.manage", "name": "编辑、上下架、删除商品"},
        ],
    },
    {
        "code": "dealers",
        "name": "渠道商与财务",
        "permissions": [
            {"code": "dealers.view", "name": "查看渠道商、账户与流水"},
            {"code": "dealers.manage", "name": "新增、编辑、移动、关闭渠道商"},
            {"code": "finance.manage", "name": "充值、调账、授信、还款与提现处理"},
        ],
    },
    {
        "code": "orders",
        "name": "订单管理",
        "permissions": [
            {"code": "orders.view", "name": "查看与导出订单"},
            {"code": "freight.manage", "name": "管理运费模板"},
            {"code": "aftersales.view", "name": "查看售后"},
            {"code": "aftersales.manage", "name": "处理售后与退款"},
            {"code": "reviews.manage", "name": "管理评价（隐藏、回复）"},
        ],
    },
    {
        "code": "marketing",
        "name": "营销与内容",
        "permissions": [
            {"code": "marketing.manage", "name": "管理轮播图"},
            {"code": "feedback.manage", "name": "查看并回复意见反馈"},
        ],
    },
    {
        "code": "members",
        "name": "会员管理",
        "permissions": [
            {"code": "members.view", "name": "查看会员"},
            {"code": "members.manage", "name": "编辑会员、修改归属、关闭与删除"},
            {"code": "member_levels.manage", "name": "管理会员等级与标签"},
        ],
    },
    {
        "code": "sales",
        "name": "销售团队",
        "permissions": [
            {"code": "sales.view", "name": "查看销售人员与部门"},
            {"code": "sales.manage", "name": "管理销售人员与部门"},
        ],
    },
    {
        "code": "settings",
        "name": "系统设置",
        "permissions": [{"code": "settings.manage", "name": "管理协议与系统设置"}],
    },
]

ALL_PERMISSION_CODES = [p["code"] for group in PERMISSION_GROUPS for p in group["permissions"]]
PERMISSION_NAMES = {p["code"]: p["name"] for group in PERMISSION_GROUPS for p in group["permissions"]}
