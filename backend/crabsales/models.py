"""Imports every domain's models so SQLAlchemy's metadata (and Alembic) sees all tables."""

from .aftersales.models import AfterSaleCase, AfterSaleEvent  # noqa: F401, E402
from .audit.models import AuditLog  # noqa: F401
from .b2b.models import B2BCartLine, B2BOrder, B2BOrderEvent, B2BOrderLine  # noqa: F401
from .catalog.models import CatalogItem, Category, MediaAsset, PackageContent  # noqa: F401, E402
from .content.models import Agreement  # noqa: F401
from .core.models import IdempotencyRecord, StoredFile  # noqa: F401
from .crm.models import Department, Salesperson  # noqa: F401
from .dealers.models import (  # noqa: F401
    Dealer,
    DealerApplication,
    DealerInvite,
    DealerOperationLog,
    DealerStaff,
    StaffSettlement,
    Withdrawal,
)
from .identity.models import Address, AdminUser, Invite, Role, RolePermission, SmsCode, SmsMessage, User  # noqa: F401
from .ledgers.models import Account, LedgerEntry  # noqa: F401, E402
from .members.models import (
    MemberLevel,  # noqa: F401
    MemberTag,  # noqa: F401, E402
)
from .notifications.models import Notification  # noqa: F401, E402
from .orders.models import CartLine, FreightRule, FreightTemplate, Order, OrderEvent, OrderLine, SubmitToken  # noqa: F401, E402
from .payments.models import Payment, PaymentNotification, Refund  # noqa: F401, E402
from .reviews.models import Review  # noqa: F401, E402
from .settings.models import Setting  # noqa: F401, E402
from .storefront.models import Banner, Favorite, Feedback  # noqa: F401, E402
