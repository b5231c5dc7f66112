"""Reads of the People page: the accounts, a page at a time, with what each row shows."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from accounts.roles import Role, role_from_groups

PEOPLE_PER_PAGE = 50


@dataclass(frozen=True)
class AccountRow:
    account: User
    role: Role | None


def _accounts() -> QuerySet[User]:
    return User.objects.select_related("member").prefetch_related("groups")


def account_page(*, page: str | int | None) -> tuple[Page, list[AccountRow]]:
    """One page of accounts by name, and its rows. Three queries whatever the number of
    accounts: the count, the page's accounts with their member organisation, their groups."""
    accounts = _accounts().order_by("first_name", "last_name", "username", "pk")
    result = Paginator(accounts, PEOPLE_PER_PAGE).get_page(page)
    return result, [account_row(account) for account in result.object_list]


def account_row(account: User) -> AccountRow:
    """The account with its role, read from its prefetched groups."""
    names = {group.name for group in account.groups.all()}
    return AccountRow(account=account, role=role_from_groups(names, user=account))


def account_get(*, pk: int) -> AccountRow:
    return account_row(get_object_or_404(_accounts(), pk=pk))
