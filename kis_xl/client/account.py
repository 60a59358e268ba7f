"""Account and order methods of KisClient (issue 3): balance, buying power, orders, fills, US trading."""


class AccountMixin:
    """Mixed into KisClient; uses ``self.transport`` and ``self.profile``."""
