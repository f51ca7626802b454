"""Budget arithmetic on the model (pure functions): totals per year, per group, grand total."""

from __future__ import annotations

from .plan import BudgetGroup, BudgetLine, BudgetSheet, Plan


def line_total(line: BudgetLine) -> int:
    return sum(amount for _, amount in line.so_tien)


def group_year_totals(group: BudgetGroup, years: tuple[int, ...]) -> dict[int, int]:
    return {y: sum(l.amount(y) for l in group.lines) for y in years}


def year_totals(sheet: BudgetSheet) -> dict[int, int]:
    """Sum of every line per year of the sheet."""
    return {y: sum(l.amount(y) for g in sheet.groups for l in g.lines) for y in sheet.years}


def grand_total(sheet: BudgetSheet) -> int:
    """Sum of every amount of the sheet, in the sheet's unit."""
    return sum(line_total(l) for g in sheet.groups for l in g.lines)


def total_in_dong(sheet: BudgetSheet) -> int:
    return grand_total(sheet) * sheet.don_vi


def budget_sheet(plan: Plan) -> BudgetSheet | None:
    """The plan's (first) budget sheet, if it has one."""
    return next((a for a in plan.phu_luc if isinstance(a, BudgetSheet)), None)
