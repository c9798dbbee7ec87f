"""Freight (spec 07): chargeable weight and the template's price for the delivery region.

- Chargeable weight of a line = max(actual weight, volumetric weight) × quantity, where volumetric weight (kg) =
  L × W × H (cm) / divisor (6000 by default). An order's weight is the sum over its lines.
- The rule for a region: a rule naming the city ("江苏省/苏州市") wins over one naming the province ("江苏省"), which
  wins over the rule with no regions (everywhere else). No rule: the region is not served.
- Price = first price, plus the additional price for every started additional step above the first weight.
- Free when the goods total reaches the template's threshold, except in remote regions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import select

from ..audit.services import record
from ..core import configcache
from ..errors import AppError, Conflict, NotFound, ValidationFailed
from ..extensions import db
from .models import FreightRule, FreightTemplate

configcache.watch(FreightTemplate, FreightRule)


@dataclass
class FreightQuote:
    amount: int
    chargeable_weight_g: int
    rule_id: int | None
    is_free: bool


def line_chargeable_weight_g(weight_g: int | None, dims_mm: tuple, quantity: int, divisor: int) -> int:
    actual = weight_g or 0
    volumetric = 0
    if all(dims_mm):
        length, width, height = (d / 10 for d in dims_mm)  # mm → cm
        volumetric = math.ceil(length * width * height / divisor * 1000)  # kg → g, never rounded down
    return max(actual, volumetric) * quantity


def find_rule(template: FreightTemplate | TemplateData, province: str, city: str) -> FreightRule | None:
    city_key, fallback = f"{province}/{city}", None
    for rule in template.rules:
        if city_key in rule.regions:
            return rule
    for rule in template.rules:
        if province in rule.regions:
            return rule
        if not rule.regions:
            fallback = rule
    return fallback


def price_for_weight(rule: FreightRule, weight_g: int) -> int:
    if weight_g <= rule.first_weight_g:
        return rule.first_price
    steps = math.ceil((weight_g - rule.first_weight_g) / rule.additional_weight_g)
    return rule.first_price + steps * rule.additional_price


def quote(
    template: FreightTemplate | TemplateData, province: str, city: str, weight_g: int, goods_amount: int
) -> FreightQuote:
    rule = find_rule(template, province, city)
    if rule is None:
        raise AppError("REGION_NOT_SERVED", f"暂不支持配送到{province}{city}", 422)
    free = template.free_threshold is not None and goods_amount >= template.free_threshold and not rule.is_remote
    return FreightQuote(0 if free else price_for_weight(rule, weight_g), weight_g, rule.id, free)


@dataclass(frozen=True)
class RuleData:
    """A freight rule as plain data (what `find_rule` and `quote` read), safe to share between threads."""

    id: int
    regions: tuple
    first_weight_g: int
    first_price: int
    additional_weight_g: int
    additional_price: int
    is_remote: bool


@dataclass(frozen=True)
class TemplateData:
    id: int
    name: str
    free_threshold: int | None
    volumetric_divisor: int
    rules: tuple[RuleData, ...]


def _load_default_template() -> TemplateData | None:
    template = db.session.execute(
        select(FreightTemplate).where(FreightTemplate.is_default.is_(True)).order_by(FreightTemplate.id).limit(1)
    ).scalar_one_or_none()
    if template is None:
        return None
    rules = tuple(
        RuleData(
            r.id,
            tuple(r.regions),
            r.first_weight_g,
            r.first_price,
            r.additional_weight_g,
            r.additional_price,
            r.is_remote,
        )
        for r in template.rules
    )
    return TemplateData(template.id, template.name, template.free_threshold, template.volumetric_divisor, rules)


def default_template() -> TemplateData:
    """The default template, read through the configuration cache (a console change is seen at once)."""
    template = configcache.cached("freight:default-template", _load_default_template)
    if template is None:
        raise AppError("FREIGHT_NOT_CONFIGURED", "商城尚未设置运费模板，暂不能下单，请联系客服", 409)
    return template


def item_weight_g(item) -> int | None:
    """A package without its own (boxed) weight weighs what it holds."""
    if item.weight_g or item.kind != "package":
        return item.weight_g
    return sum((content.product.weight_g or 0) * content.quantity for content in item.contents) or None


def quote_lines(lines: list[tuple], province: str, city: str, goods_amount: int) -> FreightQuote:
    """lines: (catalog item, quantity). Cards are shipped by the card domain; here they weigh what they say."""
    template = default_template()
    weight = sum(
        line_chargeable_weight_g(
            item_weight_g(item), (item.length_mm, item.width_mm, item.height_mm), qty, template.volumetric_divisor
        )
        for item, qty in lines
    )
    return quote(template, province, city, weight, goods_amount)


# ---- console ---------------------------------------------------------------------------------------------------------


def get_template(template_id: int) -> FreightTemplate:
    template = db.session.get(FreightTemplate, template_id)
    if template is None:
        raise NotFound("FREIGHT_TEMPLATE_NOT_FOUND", "运费模板不存在")
    return template


def _check_rules(rules: list[dict]) -> None:
    seen: dict[str, int] = {}
    defaults = 0
    for index, rule in enumerate(rules, start=1):
        if not rule["regions"]:
            defaults += 1
        for region in rule["regions"]:
            if region in seen:
                raise ValidationFailed({"rules": [f"第 {index} 条与第 {seen[region]} 条都包含「{region}」"]})
            seen[region] = index
    if defaults > 1:
        raise ValidationFailed({"rules": ["只能有一条“其他地区”规则（不填地区）"]})


def do_save_template(values: dict, template_id: int | None = None) -> FreightTemplate:
    clash = db.session.execute(
        select(FreightTemplate.id).where(
            FreightTemplate.name == values["name"], FreightTemplate.id != (template_id or 0)
        )
    ).first()
    if clash:
        raise ValidationFailed({"name": ["模板名称已存在"]}, "模板名称已存在", "FREIGHT_TEMPLATE_NAME_TAKEN")
    _check_rules(values["rules"])
    template = FreightTemplate() if template_id is None else get_template(template_id)
    if template.is_default and not values.get("is_default"):
        # Checkout always needs a default: it moves by making another template the default, never by switching off.
        raise ValidationFailed(
            {"is_default": ["默认模板不能直接取消默认，请把另一个模板设为默认"]},
            "默认模板不能直接取消默认，请把另一个模板设为默认",
            "DEFAULT_TEMPLATE_REQUIRED",
        )
    before = None if template_id is None else _snapshot(template)
    template.name = values["name"]
    template.free_threshold = values.get("free_threshold")
    template.volumetric_divisor = values.get("volumetric_divisor", 6000)
    template.rules = [FreightRule(**rule) for rule in values["rules"]]
    if values.get("is_default"):
        for other in db.session.execute(select(FreightTemplate).where(FreightTemplate.is_default.is_(True))).scalars():
            other.is_default = False
        template.is_default = True
    if template_id is None:
        db.session.add(template)
    db.session.flush()
    record(
        "freight_template.create" if template_id is None else "freight_template.update",
        "freight_template",
        template.id,
        {"template": [before, _snapshot(template)]},
    )
    return template


def _snapshot(template: FreightTemplate) -> dict:
    return {
        "name": template.name,
        "is_default": template.is_default,
        "free_threshold": template.free_threshold,
        "rules": [
            [r.regions, r.first_weight_g, r.first_price, r.additional_weight_g, r.additional_price, r.is_remote]
            for r in template.rules
        ],
    }


def do_delete_template(template_id: int) -> None:
    template = get_template(template_id)
    if template.is_default:
        raise Conflict("FREIGHT_TEMPLATE_IS_DEFAULT", "默认运费模板不能删除，请先设置其他默认模板")
    record("freight_template.delete", "freight_template", template.id, {"name": [template.name, None]})
    db.session.delete(template)
    db.session.flush()
