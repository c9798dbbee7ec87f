"""catalog, storefront, member levels and tags, settings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 13:22:23.521973

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        # Trigram indexes serve "contains" searches (catalog keyword, member search).
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table('banners',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('title', sa.String(length=64), nullable=False),
    sa.Column('image_url', sa.String(length=512), nullable=False),
    sa.Column('link_type', sa.String(length=8), nullable=False),
    sa.Column('link_target', sa.String(length=256), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('is_enabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("link_type IN ('none', 'item', 'page', 'url')", name=op.f('ck_banners_link_type_values')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_banners'))
    )
    with op.batch_alter_table('banners', schema=None) as batch_op:
        batch_op.create_index('ix_banners_enabled_sort', ['is_enabled', 'sort_order'], unique=False)

    op.create_table('categories',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('parent_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('icon_url', sa.String(length=512), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('is_visible', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("scope IN ('product', 'package', 'card')", name=op.f('ck_categories_scope_values')),
    sa.ForeignKeyConstraint(['parent_id'], ['categories.id'], name=op.f('fk_categories_parent_id_categories')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_categories')),
    sa.UniqueConstraint('scope', 'parent_id', 'name', name='uq_categories_scope_parent_name')
    )
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_categories_parent_id'), ['parent_id'], unique=False)

    op.create_table('media_assets',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('url', sa.String(length=512), nullable=False),
    sa.Column('storage_key', sa.String(length=256), nullable=False),
    sa.Column('filename', sa.String(length=128), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('uploaded_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_media_assets'))
    )
    op.create_table('member_tags',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=16), nullable=False),
    sa.Column('color', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_tags')),
    sa.UniqueConstraint('name', name=op.f('uq_member_tags_name'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('catalog_items',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('category_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('subtitle', sa.String(length=128), nullable=False),
    sa.Column('search_text', sa.String(length=256), nullable=False),
    sa.Column('cover_url', sa.String(length=512), nullable=False),
    sa.Column('gallery', sa.JSON(), nullable=False),
    sa.Column('video_url', sa.String(length=512), nullable=False),
    sa.Column('detail_html', sa.Text(), nullable=False),
    sa.Column('unit', sa.String(length=8), nullable=False),
    sa.Column('retail_price', sa.BigInteger(), nullable=False),
    sa.Column('delivery_subsidy', sa.BigInteger(), nullable=False),
    sa.Column('stock', sa.Integer(), nullable=False),
    sa.Column('low_stock_threshold', sa.Integer(), nullable=False),
    sa.Column('is_on_shelf', sa.Boolean(), nullable=False),
    sa.Column('is_recommended', sa.Boolean(), nullable=False),
    sa.Column('sort_weight', sa.Integer(), nullable=False),
    sa.Column('sales_count', sa.Integer(), nullable=False),
    sa.Column('rating_total', sa.Integer(), nullable=False),
    sa.Column('review_count', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sku', sa.String(length=32), nullable=True),
    sa.Column('specs', sa.JSON(), nullable=False),
    sa.Column('settlement_price', sa.BigInteger(), nullable=True),
    sa.Column('weight_g', sa.Integer(), nullable=True),
    sa.Column('length_mm', sa.Integer(), nullable=True),
    sa.Column('width_mm', sa.Integer(), nullable=True),
    sa.Column('height_mm', sa.Integer(), nullable=True),
    sa.Column('redeem_package_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(kind = 'product') = (sku IS NOT NULL)", name=op.f('ck_catalog_items_products_have_sku')),
    sa.CheckConstraint("(kind IN ('physical_card', 'ecard')) = (redeem_package_id IS NOT NULL)", name=op.f('ck_catalog_items_cards_redeem_a_package')),
    sa.CheckConstraint("kind IN ('product', 'package', 'physical_card', 'ecard')", name=op.f('ck_catalog_items_kind_values')),
    sa.CheckConstraint('delivery_subsidy >= 0', name=op.f('ck_catalog_items_delivery_subsidy_not_negative')),
    sa.CheckConstraint('low_stock_threshold >= 0', name=op.f('ck_catalog_items_threshold_not_negative')),
    sa.CheckConstraint('retail_price > 0', name=op.f('ck_catalog_items_retail_price_positive')),
    sa.CheckConstraint('sales_count >= 0', name=op.f('ck_catalog_items_sales_not_negative')),
    sa.CheckConstraint('stock >= 0', name=op.f('ck_catalog_items_stock_not_negative')),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_catalog_items_category_id_categories')),
    sa.ForeignKeyConstraint(['redeem_package_id'], ['catalog_items.id'], name=op.f('fk_catalog_items_redeem_package_id_catalog_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_items')),
    sa.UniqueConstraint('sku', name=op.f('uq_catalog_items_sku'))
    )
    with op.batch_alter_table('catalog_items', schema=None) as batch_op:
        batch_op.create_index('ix_catalog_items_category', ['category_id', 'is_on_shelf', 'deleted_at', 'sales_count'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalog_items_redeem_package_id'), ['redeem_package_id'], unique=False)
        batch_op.create_index('ix_catalog_items_search_trgm', ['search_text'], unique=False, postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'})
        batch_op.create_index('ix_catalog_items_shelf_price', ['kind', 'is_on_shelf', 'deleted_at', 'retail_price', 'id'], unique=False)
        batch_op.create_index('ix_catalog_items_shelf_sales', ['kind', 'is_on_shelf', 'deleted_at', 'sales_count', 'id'], unique=False)
        batch_op.create_index('ix_catalog_items_shelf_sort', ['kind', 'is_on_shelf', 'deleted_at', 'sort_weight', 'id'], unique=False)

    op.create_table('favorites',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('item_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['catalog_items.id'], name=op.f('fk_favorites_item_id_catalog_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_favorites_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_favorites')),
    sa.UniqueConstraint('user_id', 'item_id', name='uq_favorites_user_item')
    )
    with op.batch_alter_table('favorites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_favorites_item_id'), ['item_id'], unique=False)

    op.create_table('feedback',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('images', sa.JSON(), nullable=False),
    sa.Column('contact', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('reply', sa.Text(), nullable=False),
    sa.Column('replied_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('replied_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('open', 'replied')", name=op.f('ck_feedback_status_values')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_feedback_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback'))
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_user_id'), ['user_id'], unique=False)

    op.create_table('member_tag_links',
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('tag_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tag_id'], ['member_tags.id'], name=op.f('fk_member_tag_links_tag_id_member_tags'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_member_tag_links_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'tag_id', name=op.f('pk_member_tag_links'))
    )
    with op.batch_alter_table('member_tag_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_tag_links_tag_id'), ['tag_id'], unique=False)

    op.create_table('package_contents',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('package_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('product_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_package_contents_quantity_positive')),
    sa.ForeignKeyConstraint(['package_id'], ['catalog_items.id'], name=op.f('fk_package_contents_package_id_catalog_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['catalog_items.id'], name=op.f('fk_package_contents_product_id_catalog_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_package_contents')),
    sa.UniqueConstraint('package_id', 'product_id', name='uq_package_contents_package_product')
    )
    with op.batch_alter_table('package_contents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_package_contents_product_id'), ['product_id'], unique=False)

    with op.batch_alter_table('member_levels', schema=None) as batch_op:
        batch_op.add_column(sa.Column('upgrade_min_spend', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('upgrade_min_orders', sa.Integer(), nullable=True))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('deleted_phone', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('total_spent', sa.BigInteger(), nullable=False, server_default=sa.text('0')))
        batch_op.add_column(sa.Column('paid_order_count', sa.Integer(), nullable=False, server_default=sa.text('0')))
        batch_op.add_column(sa.Column('last_order_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_users_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_users_member_no_trgm', ['member_no'], unique=False, postgresql_using='gin', postgresql_ops={'member_no': 'gin_trgm_ops'})
        batch_op.create_index('ix_users_nickname_trgm', ['nickname'], unique=False, postgresql_using='gin', postgresql_ops={'nickname': 'gin_trgm_ops'})
        batch_op.create_index('ix_users_phone_trgm', ['phone'], unique=False, postgresql_using='gin', postgresql_ops={'phone': 'gin_trgm_ops'})
        batch_op.create_index('ix_users_real_name_trgm', ['real_name'], unique=False, postgresql_using='gin', postgresql_ops={'real_name': 'gin_trgm_ops'})

    # ### end Alembic commands ###


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('ix_users_real_name_trgm', postgresql_using='gin', postgresql_ops={'real_name': 'gin_trgm_ops'})
        batch_op.drop_index('ix_users_phone_trgm', postgresql_using='gin', postgresql_ops={'phone': 'gin_trgm_ops'})
        batch_op.drop_index('ix_users_nickname_trgm', postgresql_using='gin', postgresql_ops={'nickname': 'gin_trgm_ops'})
        batch_op.drop_index('ix_users_member_no_trgm', postgresql_using='gin', postgresql_ops={'member_no': 'gin_trgm_ops'})
        batch_op.drop_index('ix_users_created_at')
        batch_op.drop_column('last_order_at')
        batch_op.drop_column('paid_order_count')
        batch_op.drop_column('total_spent')
        batch_op.drop_column('deleted_phone')
        batch_op.drop_column('deleted_at')

    with op.batch_alter_table('member_levels', schema=None) as batch_op:
        batch_op.drop_column('upgrade_min_orders')
        batch_op.drop_column('upgrade_min_spend')

    with op.batch_alter_table('package_contents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_package_contents_product_id'))

    op.drop_table('package_contents')
    with op.batch_alter_table('member_tag_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_tag_links_tag_id'))

    op.drop_table('member_tag_links')
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_user_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_status'))

    op.drop_table('feedback')
    with op.batch_alter_table('favorites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_favorites_item_id'))

    op.drop_table('favorites')
    with op.batch_alter_table('catalog_items', schema=None) as batch_op:
        batch_op.drop_index('ix_catalog_items_shelf_sort')
        batch_op.drop_index('ix_catalog_items_shelf_sales')
        batch_op.drop_index('ix_catalog_items_shelf_price')
        batch_op.drop_index('ix_catalog_items_search_trgm', postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'})
        batch_op.drop_index(batch_op.f('ix_catalog_items_redeem_package_id'))
        batch_op.drop_index('ix_catalog_items_category')

    op.drop_table('catalog_items')
    op.drop_table('settings')
    op.drop_table('member_tags')
    op.drop_table('media_assets')
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_categories_parent_id'))

    op.drop_table('categories')
    with op.batch_alter_table('banners', schema=None) as batch_op:
        batch_op.drop_index('ix_banners_enabled_sort')

    op.drop_table('banners')
    # ### end Alembic commands ###
