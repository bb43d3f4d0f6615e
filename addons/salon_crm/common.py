# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"Small helpers the salon addons share"
import datetime as dt


def utc_now(microsecond=False):
    """Return the current instant as Tryton stores a DateTime: UTC, naive,
    to the second (with the microseconds if microsecond)"""
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    if not microsecond:
        now = now.replace(microsecond=0)
    return now
