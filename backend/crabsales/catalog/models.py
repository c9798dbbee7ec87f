"""The catalog: categories and one table of sellable items (products, packages, physical cards, e-cards).

One table keeps storefront lists, search, sorting, favorites, banners and reviews pointing at a single kind of row;
the few kind-specific columns are nullable and checked by the service and by CHECK constraints.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core import clock
from ..core.models import IdType, TimestampMixin
from ..extensions import db

ITEM_KINDS = ("product", "package", "physical_card", "ecard")
CATEGORY_SCOPES = ("product", "package", "card")
SCOPE_OF_KIND = {"product": "product", "package": "package", "physical_card": "card", "ecard": "card"}
# Written as SQLAlchemy renders the storefront's filters, so the planner can match the partial indexes.
ON_SALE = text("is_on_shelf IS true AND deleted_at IS NULL")
STOREFRONT = text("is_on_shelf IS true AND deleted_at IS NULL AND kind IN ('package', 'physical_card', 'ecard')")


class Category(TimestampMixin, db.Model):
    """Product categories have two levels (大类/小类); package and card categories one."""

    __tablename__ = "categories"
    __table_args__ = (
        CheckConstraint("scope IN ('product', 'package', 'card')", name="scope_values"),
        UniqueConstraint("scope", "parent_id", "name", name="uq_categories_scope_parent_name"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    scope: Mapped[str] = mapped_column(String(16), nullable=False)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), index=True)
    name: Mapped[str] = mapped_column(String(32), nullable=False)
    icon_url: Mapped[str] = mapped_column(String(512), nullable=False, default="")
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    is_visible: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class CatalogItem(TimestampMixin, db.Model):
    __tablename__ = "catalog_items"
    __table_args__ = (
        CheckConstraint("kind IN ('product', 'package', 'physical_card', 'ecard')", name="kind_values"),
        CheckConstraint("retail_price > 0", name="retail_price_positive"),
        CheckConstraint("delivery_subsidy >= 0", name="delivery_subsidy_not_negative"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("low_stock_threshold >= 0", name="threshold_not_negative"),
        CheckConstraint("sales_count >= 0", name="sales_not_negative"),
        CheckConstraint(
            "(kind IN ('physical_card', 'ecard')) = (redeem_package_id IS NOT NULL)", name="cards_redeem_a_package"
        ),
        CheckConstraint("(kind = 'product') = (sku IS NOT NULL)", name="products_have_sku"),
        # Storefront lists read items on sale only: partial indexes whose order is the list's order, so a page
        # is the first rows of an index scan (either direction), never a sort of every match.
        *(
            Index(
                f"ix_catalog_items_on_sale_{name}", "kind", column, "id", postgresql_where=ON_SALE, sqlite_where=ON_SALE
            )
            for name, column in (("sort", "sort_weight"), ("sales", "sales_count"), ("price", "retail_price"))
        ),
        *(
            Index(
                f"ix_catalog_items_storefront_{name}",
                column,
                "id",
                postgresql_where=STOREFRONT,
                sqlite_where=STOREFRONT,
            )
            for name, column in (("sort", "sort_weight"), ("sales", "sales_count"), ("price", "retail_price"))
        ),
        Index("ix_catalog_items_category", "category_id", "is_on_shelf", "deleted_at", "sales_count"),
        # Keyword search is "contains": a trigram index serves LIKE '%word%' on PostgreSQL.
        Index(
            "ix_catalog_items_search_trgm",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), nullable=False)
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    subtitle: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    # Search text kept beside the name: lower-cased name, subtitle and SKU (a trigram index serves it on PostgreSQL).
    search_text: Mapped[str] = mapped_column(String(256), nullable=False, default="")
    cover_url: Mapped[str] = mapped_column(String(512), nullable=False, default="")
    gallery: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    video_url: Mapped[str] = mapped_column(String(512), nullable=False, default="")
    detail_html: Mapped[str] = mapped_column(Text, nullable=False, default="")
    unit: Mapped[str] = mapped_column(String(8), nullable=False, default="份")
    retail_price: Mapped[int] = mapped_column(BigInteger, nullable=False)
    delivery_subsidy: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    stock: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    low_stock_threshold: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    is_on_shelf: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_recommended: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    sort_weight: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    sales_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    rating_total: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    review_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    # Products (SKU) only.
    sku: Mapped[str | None] = mapped_column(String(32), unique=True)
    specs: Mapped[list] = mapped_column(JSON, nullable=False, default=list)  # [{"name": "规格", "value": "公4两"}]
    settlement_price: Mapped[int | None] = mapped_column(BigInteger)  # paid to a store per unit it delivers
    weight_g: Mapped[int | None] = mapped_column(Integer)
    length_mm: Mapped[int | None] = mapped_column(Integer)
    width_mm: Mapped[int | None] = mapped_column(Integer)
    height_mm: Mapped[int | None] = mapped_column(Integer)

    # Cards only: the fixed package a card is redeemed for.
    redeem_package_id: Mapped[int | None] = mapped_column(ForeignKey("catalog_items.id"), index=True)

    category = relationship("Category", lazy="joined")
    redeem_package = relationship("CatalogItem", remote_side=[id], lazy="select")
    contents = relationship(
        "PackageContent",
        foreign_keys="PackageContent.package_id",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="PackageContent.id",
    )

    @property
    def rating_avg(self) -> float | None:
        return round(self.rating_total / self.review_count, 1) if self.review_count else None

    @property
    def is_low_stock(self) -> bool:
        return self.stock <= self.low_stock_threshold


class PackageContent(db.Model):
    """What a package holds: products × quantity."""

    __tablename__ = "package_contents"
    __table_args__ = (
        UniqueConstraint("package_id", "product_id", name="uq_package_contents_package_product"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("catalog_items.id", ondelete="CASCADE"), nullable=False)
    product_id: Mapped[int] = mapped_column(ForeignKey("catalog_items.id"), nullable=False, index=True)
    quantity: Mapped[int] = mapped_column(Integer, nullable=False)

    product = relationship("CatalogItem", foreign_keys=[product_id], lazy="joined")


class MediaAsset(db.Model):
    """The site media library: images and videos uploaded once, picked when editing items."""

    __tablename__ = "media_assets"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), nullable=False)  # image | video
    url: Mapped[str] = mapped_column(String(512), nullable=False)
    storage_key: Mapped[str] = mapped_column(String(256), nullable=False)
    filename: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    size_bytes: Mapped[int] = mapped_column(Integer, nullable=False)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    uploaded_by: Mapped[int | None] = mapped_column(IdType)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow, nullable=False)
