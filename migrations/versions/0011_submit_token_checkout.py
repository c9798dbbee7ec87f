"""submit tokens keep what the checkout priced

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    # Tokens issued before this have no checkout: their submit answers SUBMIT_TOKEN_EXPIRED (check out again).
    with op.batch_alter_table('submit_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checkout', sa.JSON(), nullable=True))
        batch_op.drop_column('fingerprint')


def downgrade():
    with op.batch_alter_table('submit_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fingerprint', sa.String(length=64), nullable=True))
        batch_op.drop_column('checkout')
